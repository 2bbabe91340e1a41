-- LEFT JOIN keeps every left row once per match, and unmatched ones (NULL and 7 keys) padded with NULL
select t1.id as t1_id, t1.k as k, t2.id as t2_id, t2.w as w
from t1 left join t2 on t1.k = t2.k
order by t1_id, t2_id nulls last;
