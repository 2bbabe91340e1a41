-- LEFT JOIN to an empty table keeps every left row, padded with NULL
select t1.id as id, t1.k as k, t_empty.k as ek, t_empty.s as es
from t1 left join t_empty on t1.k = t_empty.k
order by id;
