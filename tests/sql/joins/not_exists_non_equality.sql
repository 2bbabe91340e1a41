-- NOT EXISTS with an equality and a non-equality correlation: rows whose key no other row has
select a.id as id, a.k as k
from t1 as a
where not exists (select * from t1 as b where b.k = a.k and b.id <> a.id)
order by id;
