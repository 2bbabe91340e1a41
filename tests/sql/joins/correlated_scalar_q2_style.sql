-- correlated min() subquery over a join (TPC-H Q2 shape): the cheapest suppliers of size-15 parts
select p_partkey as partkey, s_name as supplier, ps_supplycost as cost
from part, partsupp, supplier
where p_partkey = ps_partkey
    and s_suppkey = ps_suppkey
    and p_size = 15
    and ps_supplycost = (
        select min(ps2.ps_supplycost)
        from partsupp as ps2
        where ps2.ps_partkey = p_partkey
    )
order by partkey, supplier;
