-- a CTE over TPC-H aggregated revenue, used in a join and in a scalar subquery (TPC-H Q15 shape)
with revenue as (
    select l_suppkey as supplier_no, sum(l_extendedprice * (1 - l_discount)) as total_revenue
    from lineitem
    where l_shipdate >= date '1996-01-01' and l_shipdate < date '1996-04-01'
    group by l_suppkey
)
select s_suppkey as suppkey, s_name as name, total_revenue as total_revenue
from supplier join revenue on s_suppkey = supplier_no
where total_revenue >= (select max(total_revenue) * 0.9 from revenue)
order by suppkey;
