-- correlated scalar sum/max: rows without matches (or with NULL keys) get NULL
select
    t1.id as id,
    (select sum(t2.amt) from t2 where t2.k = t1.k) as sum_amt,
    (select max(t2.w) from t2 where t2.k = t1.k) as max_w
from t1
order by id;
