-- LEFT JOIN with an ON condition on the preserved (left) side only: it limits matches, never left rows
select t1.id as t1_id, t1.v as v, t2.id as t2_id
from t1 left join t2 on t1.k = t2.k and t1.v > 25
order by t1_id, t2_id nulls last;
