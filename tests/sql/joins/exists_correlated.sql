-- correlated EXISTS: rows of t1 whose key occurs in t2 (NULL keys never do)
select t1.id as id, t1.k as k
from t1
where exists (select 1 from t2 where t2.k = t1.k)
order by id;
