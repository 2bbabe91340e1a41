-- FULL JOIN USING (k): the unqualified k is COALESCE(t1.k, t2.k), as in the SQL standard
select k as k, t1.id as t1_id, t2.id as t2_id
from t1 full join t2 using (k)
order by k nulls first, t1_id nulls first, t2_id nulls first;
