-- a view with a column list, used twice (in FROM and in a scalar subquery)
create view per_key (grp_key, total) as
    select k, sum(v) from t1 group by k;

select grp_key as grp_key, total as total
from per_key
where total = (select max(total) from per_key);

drop view per_key;
