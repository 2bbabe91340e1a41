-- RIGHT JOIN keeps every right row, its NULL-key row and unmatched keys 4, 6 are padded with NULL
select t1.id as t1_id, t1.s as s, t2.id as t2_id, t2.k as k
from t1 right outer join t2 on t1.k = t2.k
order by t2_id, t1_id nulls first;
