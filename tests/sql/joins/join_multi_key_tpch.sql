-- TPC-H lineitem joined to partsupp on both of its keys (as in Q9), aggregated per supplier nation
select n_name as nation, count(*) as lines, sum(ps_supplycost * l_quantity) as cost
from lineitem
join partsupp on ps_partkey = l_partkey and ps_suppkey = l_suppkey
join supplier on s_suppkey = l_suppkey
join nation on n_nationkey = s_nationkey
group by n_name
order by nation;
