-- IN (subquery) against a column containing NULL: matching rows only
select id as id, k as k
from t1
where k in (select k from t2)
order by id;
