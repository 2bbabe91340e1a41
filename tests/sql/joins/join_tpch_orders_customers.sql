-- TPC-H customers without orders (LEFT JOIN ... IS NULL) per market segment
select c_mktsegment as segment, count(*) as customers
from customer left join orders on c_custkey = o_custkey
where o_orderkey is null
group by c_mktsegment
order by segment;
