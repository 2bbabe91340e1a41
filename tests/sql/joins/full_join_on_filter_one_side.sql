-- FULL JOIN with an ON condition on one side: rows failing it come out unmatched on both sides
select t1.id as t1_id, t2.id as t2_id
from t1 full join t2 on t1.k = t2.k and t1.id <> 3
order by t1_id nulls last, t2_id nulls last;
