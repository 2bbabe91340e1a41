-- IN (subquery) on text values over TPC-H: nations that have a supplier with a high balance
select n_name as nation
from nation
where n_name in (select n2.n_name from nation n2 join supplier on s_nationkey = n2.n_nationkey
                 where s_acctbal > 9000)
order by nation;
