-- a scalar subquery returning no rows is NULL (no matching row, an empty table)
select
    id as id,
    (select v from t1 as x where x.id = 100) as no_row,
    (select s from t_empty) as empty_table,
    coalesce((select s from t_empty), 'none') as defaulted
from t1
where id <= 3
order by id;
