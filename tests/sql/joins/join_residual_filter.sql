-- equality plus a residual inequality on decimals of different scales (1.50 <= 1.500 holds)
select t1.id as t1_id, t2.id as t2_id, t1.amt as amt1, t2.amt as amt2
from t1 join t2 on t1.k = t2.k and t1.amt <= t2.amt
order by t1_id, t2_id;
