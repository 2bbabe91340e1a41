-- x NOT IN (subquery containing NULL) is never true: no rows
select id as id, k as k
from t1
where k not in (select k from t2)
order by id;
