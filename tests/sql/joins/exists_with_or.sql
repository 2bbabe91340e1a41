-- EXISTS combined with OR (cannot become a plain semi join)
select t1.id as id
from t1
where t1.v < 30 or exists (select 1 from t2 where t2.k = t1.k and t2.w like 'f%')
order by id;
