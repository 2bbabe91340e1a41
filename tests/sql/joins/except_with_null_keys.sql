-- EXCEPT / INTERSECT over key columns with NULLs on both sides (NULL is removed / kept)
select 'except' as op, k as k from (select k from t1 except select k from t2) as e
union all
select 'intersect', k from (select k from t1 intersect select cast(k as integer) from t2) as i
order by op, k nulls first;
