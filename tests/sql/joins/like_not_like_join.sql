-- LIKE and NOT LIKE on both sides of a join
select t1.id as t1_id, t2.id as t2_id, t1.s as s, t2.w as w
from t1 join t2 on t1.k = t2.k
where t1.s like '%e%' and t2.w not like '%o%'
order by t1_id, t2_id;
