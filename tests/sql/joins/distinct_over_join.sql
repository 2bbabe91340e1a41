-- SELECT DISTINCT over a join with duplicate keys
select distinct t1.k as k, t2.w as w
from t1 join t2 on t1.k = t2.k
order by k, w;
