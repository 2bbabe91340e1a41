-- NOT IN (subquery without NULL): rows with a NULL x are still excluded
select id as id, k as k
from t1
where k not in (select k from t2 where k is not null)
order by id;
