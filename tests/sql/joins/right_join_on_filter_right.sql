-- RIGHT JOIN with an ON condition on the preserved (right) side only: every right row stays
select t2.id as t2_id, t2.amt as amt, t1.id as t1_id
from t1 right join t2 on t1.k = t2.k and t2.amt > 2.5
order by t2_id, t1_id nulls last;
