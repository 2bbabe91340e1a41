-- a scalar subquery of two rows in WHERE is an error even when a comparison could be decided
select id as id
from t1
where v > (select v from t1 where k = 2)
order by id;
