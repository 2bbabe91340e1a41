-- a join condition with DATE + INTERVAL arithmetic (result cast back to DATE)
select t1.id as t1_id, t2.id as t2_id, cast(t1.dt + interval '10' day as date) as dt_plus
from t1 join t2 on t2.dt between t1.dt and t1.dt + interval '10' day
order by t1_id, t2_id;
