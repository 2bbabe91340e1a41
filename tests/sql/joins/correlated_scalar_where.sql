-- correlated scalar subquery in WHERE (TPC-H Q17 shape): rows above the average of their key
select t1.id as id, t1.k as k, t1.v as v
from t1
where t1.v >= (select avg(x.v) from t1 as x where x.k = t1.k)
order by id;
