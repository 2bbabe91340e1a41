-- a join on an expression of a column of one side
select t1.id as t1_id, t2.id as t2_id, t1.k + 1 as key
from t1 join t2 on t1.k + 1 = t2.k
order by t1_id, t2_id;
