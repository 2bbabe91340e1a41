-- LEFT JOIN with an ON condition on the right side only: unmatched right rows just disappear
select t1.id as t1_id, t2.id as t2_id, t2.w as w
from t1 left join t2 on t1.k = t2.k and t2.w like 't%'
order by t1_id, t2_id nulls last;
