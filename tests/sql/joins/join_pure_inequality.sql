-- a join on an inequality only (no equality to hash on), with NULL dates on both sides
select t1.id as t1_id, t2.id as t2_id, t1.dt as dt1, t2.dt as dt2
from t1 join t2 on t1.dt > t2.dt
order by t1_id, t2_id;
