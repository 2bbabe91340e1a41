-- a grouped derived table joined back to a table
select t1.id as id, x.k as k, x.n as n
from (select k, count(*) as n from t2 group by k) as x
join t1 on x.k = t1.k
order by id;
