-- an unqualified column present on both sides of a join is ambiguous
select id as id
from t1 join t2 on t1.k = t2.k
order by id;
