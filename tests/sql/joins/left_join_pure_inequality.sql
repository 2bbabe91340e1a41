-- LEFT JOIN on an inequality only: left rows with no partner (and NULL v) are padded
select t1.id as t1_id, t1.v as v, t2.id as t2_id
from t1 left join t2 on t1.v > t2.id - 25
order by t1_id, t2_id nulls last;
