-- INNER JOIN with an empty table on the right: no rows
select t1.id as id, t_empty.s as s
from t1 join t_empty on t1.k = t_empty.k
order by id;
