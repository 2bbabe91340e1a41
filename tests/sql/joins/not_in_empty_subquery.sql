-- x NOT IN (empty subquery) is true for every row, even when x is NULL, IN is false
select
    (select count(*) from t1 where k not in (select k from t_empty)) as not_in_rows,
    (select count(*) from t1 where k in (select k from t_empty)) as in_rows;
