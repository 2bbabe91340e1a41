-- CASE inside aggregates over a join
select
    t1.k as k,
    sum(case when t2.w like 't%' then 1 else 0 end) as t_words,
    sum(case when t1.v > 20 then t1.v else 0 end) as big_v,
    max(case when t2.amt > t1.amt then 'right' else 'left' end) as larger
from t1 join t2 on t1.k = t2.k
group by t1.k
order by k;
