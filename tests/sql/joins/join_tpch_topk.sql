-- ORDER BY ... LIMIT over a join, on a unique key
select o_orderkey as orderkey, c_name as name, o_totalprice as total
from orders join customer on o_custkey = c_custkey
where c_nationkey = 7
order by total desc, orderkey
limit 7;
