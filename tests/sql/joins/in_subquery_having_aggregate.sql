-- IN (grouped subquery) in HAVING on an aggregate: the NULL group qualifies too
select k as k, count(*) as n
from t1
group by k
having count(*) in (select count(*) from t2 group by k having count(*) > 1)
order by k nulls first;
