-- FULL JOIN with an empty side is the other side padded with NULL, in either order
select
    (select count(*) from t_empty full join t2 on t_empty.k = t2.k) as empty_first,
    (select count(*) from t2 full join t_empty on t_empty.k = t2.k) as empty_second,
    (select count(t_empty.k) from t2 full join t_empty on t_empty.k = t2.k) as empty_keys;
