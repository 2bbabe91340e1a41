-- LEFT JOIN from an empty table (empty probe or build side, depending on the plan): no rows
select t_empty.k as ek, t1.id as id
from t_empty left join t1 on t1.k = t_empty.k
order by ek nulls last, id nulls last;
