-- a CTE referenced twice in one FROM (self join of a CTE)
with sums as (select k, sum(v) as total from t1 where k is not null group by k)
select a.k as k_a, b.k as k_b, a.total as total_a, b.total as total_b
from sums as a join sums as b on a.total < b.total
order by k_a, k_b;
