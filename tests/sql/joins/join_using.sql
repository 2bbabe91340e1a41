-- JOIN USING (k): the unqualified k is the join column, int32 and int64 keys
select k as k, t1.id as t1_id, t2.id as t2_id
from t1 join t2 using (k)
order by k, t1_id, t2_id;
