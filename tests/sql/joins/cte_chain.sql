-- CTEs referring to earlier CTEs
with a as (select k, v from t1 where v is not null),
     b as (select k, sum(v) as total from a group by k),
     c as (select k, total from b where total > 50)
select c.k as k, c.total as total
from c
order by k nulls last;
