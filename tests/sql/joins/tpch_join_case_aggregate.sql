-- TPC-H Q12/Q14 shape: CASE in sums over a lineitem-orders join
select
    l_shipmode as shipmode,
    sum(case when o_orderpriority in ('1-URGENT', '2-HIGH') then 1 else 0 end) as high,
    sum(case when o_orderpriority not in ('1-URGENT', '2-HIGH') then 1 else 0 end) as low,
    sum(case when l_returnflag = 'R' then l_extendedprice else 0 end) as returned
from orders join lineitem on o_orderkey = l_orderkey
where l_receiptdate >= date '1995-01-01' and l_receiptdate < date '1996-01-01'
group by l_shipmode
order by shipmode;
