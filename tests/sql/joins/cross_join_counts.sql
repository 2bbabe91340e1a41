-- CROSS JOIN sizes: with a table, with itself through a comma, and with an empty table
select
    (select count(*) from t1 cross join t2) as t1_t2,
    (select count(*) from s1, s1 as again) as s1_s1,
    (select count(*) from t1 cross join t_empty) as t1_empty;
