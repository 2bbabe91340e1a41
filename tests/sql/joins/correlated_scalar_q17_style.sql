-- correlated avg() over lineitem per part (TPC-H Q17 shape), aggregated
select count(*) as lines, sum(l_extendedprice) as price
from lineitem as l, part
where p_partkey = l.l_partkey
    and p_container like 'MED%'
    and l.l_quantity < (
        select 0.5 * avg(l2.l_quantity) from lineitem as l2 where l2.l_partkey = p_partkey
    );
