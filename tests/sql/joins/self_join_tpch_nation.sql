-- self join of TPC-H nation: pairs of nations in the same region
select r.r_name as region, n1.n_name as nation1, n2.n_name as nation2
from nation n1
join nation n2 on n1.n_regionkey = n2.n_regionkey and n1.n_nationkey < n2.n_nationkey
join region r on r.r_regionkey = n1.n_regionkey
order by region, nation1, nation2;
