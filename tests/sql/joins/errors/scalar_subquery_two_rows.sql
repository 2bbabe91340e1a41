-- an uncorrelated scalar subquery returning two rows is an error, not its first row
select id as id, (select k from t2 where k = 2) as k2
from t1
order by id;
