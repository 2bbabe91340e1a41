-- an uncorrelated scalar subquery in the select list and in WHERE
select id as id, v as v, (select max(v) from t1) as max_v
from t1
where v > (select avg(v) from t1)
order by id;
