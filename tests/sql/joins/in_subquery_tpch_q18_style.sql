-- IN (grouped subquery with HAVING) over TPC-H (Q18 shape)
select o_orderpriority as priority, count(*) as orders, sum(o_totalprice) as total
from orders
where o_orderkey in (
    select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > 250
)
group by o_orderpriority
order by priority;
