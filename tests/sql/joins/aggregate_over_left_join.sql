-- aggregates over a LEFT JOIN: count(*) vs count(column) of the padded side
select t1.k as k, count(*) as n, count(t2.id) as matched, sum(t2.id) as sum_ids, min(t2.w) as min_w
from t1 left join t2 on t1.k = t2.k
group by t1.k
order by k nulls first;
