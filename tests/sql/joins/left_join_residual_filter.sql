-- LEFT JOIN with an equality and a residual: left rows whose matches all fail it are padded
select t1.id as t1_id, t2.id as t2_id
from t1 left join t2 on t1.k = t2.k and t2.dt > t1.dt
order by t1_id, t2_id nulls last;
