-- a WHERE on the right side after a LEFT JOIN filters joined rows (here: the anti-join idiom)
select t1.id as t1_id, t1.k as k
from t1 left join t2 on t1.k = t2.k
where t2.id is null
order by t1_id;
