-- RIGHT JOIN from an empty table keeps every right row, padded with NULL
select t_empty.s as es, t1.id as id, t1.s as s
from t_empty right join t1 on t_empty.k = t1.k
order by id;
