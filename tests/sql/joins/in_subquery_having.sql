-- IN (subquery) in HAVING on the group key
select k as k, count(*) as n
from t1
group by k
having k in (select k from t2 where w like 't%')
order by k;
