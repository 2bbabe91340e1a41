-- INNER JOIN on an int32 = int64 key with duplicate keys on both sides, NULL keys never match
select t1.id as t1_id, t1.k as k, t2.id as t2_id, t2.w as w
from t1 inner join t2 on t1.k = t2.k
order by t1_id, t2_id;
