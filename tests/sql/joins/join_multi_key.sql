-- a join on two keys (int32 = int64 and date = date)
select t1.id as t1_id, t2.id as t2_id, t1.k as k, t1.dt as dt
from t1 join t2 on t1.k = t2.k and t1.dt = t2.dt
order by t1_id, t2_id;
