-- NOT IN (subquery) over TPC-H (Q16 shape): part-supplier pairs whose supplier is not in debt
select count(*) as pairs, count(distinct ps_suppkey) as suppliers
from partsupp
where ps_suppkey not in (select s_suppkey from supplier where s_acctbal < 0);
