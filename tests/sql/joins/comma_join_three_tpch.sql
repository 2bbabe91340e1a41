-- three-table comma join over TPC-H with the equalities in WHERE (nation -> region, supplier -> nation)
select r_name as region, n_name as nation, count(*) as suppliers, sum(s_acctbal) as acctbal
from supplier, nation, region
where s_nationkey = n_nationkey and n_regionkey = r_regionkey and r_name in ('ASIA', 'EUROPE')
group by r_name, n_name
order by region, nation;
