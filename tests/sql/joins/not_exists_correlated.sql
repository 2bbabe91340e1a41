-- correlated NOT EXISTS: includes the rows whose key is NULL
select t1.id as id, t1.k as k
from t1
where not exists (select * from t2 where t2.k = t1.k)
order by id;
