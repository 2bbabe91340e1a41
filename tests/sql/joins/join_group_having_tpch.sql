-- join, GROUP BY and HAVING over TPC-H: customers with more than 20 orders
select c_custkey as custkey, c_name as name, count(*) as orders
from customer join orders on c_custkey = o_custkey
group by c_custkey, c_name
having count(*) > 20
order by custkey;
