-- FULL JOIN: matches, plus unmatched rows of both sides (NULL keys on both sides stay unmatched)
select t1.id as t1_id, t1.k as k1, t2.id as t2_id, t2.k as k2
from t1 full outer join t2 on t1.k = t2.k
order by t1_id nulls last, t2_id nulls last;
