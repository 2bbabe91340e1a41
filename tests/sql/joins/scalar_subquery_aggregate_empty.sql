-- an aggregate scalar subquery over no rows: count is 0, sum and max are NULL
select
    (select count(*) from t_empty) as n,
    (select sum(k) from t_empty) as total,
    (select max(v) from t1 where k = 100) as max_v;
