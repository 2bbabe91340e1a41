-- three tables: an inner join followed by a LEFT JOIN on the key of the first table
select t1.id as t1_id, t2.id as t2_id, s1.b as b
from t1
join t2 on t1.k = t2.k
left join s1 on s1.a = t1.k
order by t1_id, t2_id, b nulls last;
