-- a scalar subquery in HAVING (TPC-H Q11 shape)
select k as k, sum(v) as total
from t1
group by k
having sum(v) > (select avg(v) from t1)
order by k nulls first;
