-- a join on decimal(10,2) = decimal(12,3) keys: 1.50 equals 1.500
select t1.id as t1_id, t2.id as t2_id, t1.amt as amt1, t2.amt as amt2
from t1 join t2 on t1.amt = t2.amt
order by t1_id, t2_id;
