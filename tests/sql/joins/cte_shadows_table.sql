-- a CTE named like a table hides the table inside the query
with t2 as (select id, k from t1 where id <= 2)
select t2.id as id, t2.k as k
from t2
order by id;
