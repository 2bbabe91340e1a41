-- a CTE referenced from inside an IN subquery and from the main FROM
with keys as (select k from t2 where w like 't%')
select t1.id as id, t1.k as k
from t1
where t1.k in (select k from keys) and t1.id > (select count(*) from keys)
order by id;
