-- EXISTS with an equality and a non-equality correlation (TPC-H Q21 shape): keys shared by another row
select a.id as id, a.k as k
from t2 as a
where exists (select * from t2 as b where b.k = a.k and b.id <> a.id)
order by id;
