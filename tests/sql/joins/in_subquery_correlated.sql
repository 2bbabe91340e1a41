-- a correlated IN subquery
select t1.id as id
from t1
where t1.id in (select t2.id - 100 from t2 where t2.k = t1.k)
order by id;
