-- derived tables nested two deep with an aggregate over an aggregate
select max(n) as max_per_key, count(*) as keys
from (select k, n from (select k, count(*) as n from t1 group by k) as inner_t where k is not null) as outer_t;
