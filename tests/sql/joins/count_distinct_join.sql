-- count(DISTINCT) over a TPC-H join, per region
select r_name as region, count(distinct c_custkey) as customers, count(*) as orders
from region
join nation on n_regionkey = r_regionkey
join customer on c_nationkey = n_nationkey
join orders on o_custkey = c_custkey
group by r_name
order by region;
