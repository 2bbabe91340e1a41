-- LEFT JOIN USING keeps unmatched left rows, they keep the k of the left side
select t1.id as t1_id, k as k, t2.w as w
from t1 left join t2 using (k)
order by t1_id, w nulls last;
