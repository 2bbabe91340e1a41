-- IN / NOT IN (subquery) as values in the select list: three-valued with NULLs
select
    id as id,
    k in (select k from t2) as in_t2,
    k not in (select k from t2) as not_in_t2,
    k in (select k from t2 where k is not null) as in_non_null
from t1
order by id;
