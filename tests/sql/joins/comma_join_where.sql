-- comma join whose WHERE holds the equality and a filter on each side
select t1.id as t1_id, t2.id as t2_id, t1.v as v, t2.w as w
from t1, t2
where t1.k = t2.k and t1.v >= 20 and t2.w <> 'two'
order by t1_id, t2_id;
