-- a correlated scalar subquery returning two rows for some outer rows (t1.k = 2) is an error
select t1.id as id, (select t2.w from t2 where t2.k = t1.k) as w
from t1
order by id;
