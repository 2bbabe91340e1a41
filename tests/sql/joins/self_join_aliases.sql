-- self join with aliases: pairs of distinct rows of t1 with the same key
select a.id as id_a, b.id as id_b, a.k as k
from t1 as a join t1 as b on a.k = b.k and a.id < b.id
order by id_a, id_b;
