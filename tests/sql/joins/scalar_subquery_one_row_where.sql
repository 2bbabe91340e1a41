-- a scalar subquery of exactly one (non-aggregate) row compared in WHERE
select id as id, s as s
from t1
where k = (select k from t2 where w = 'three')
order by id;
