-- correlated scalar count(*): rows without matches get 0, not NULL (the count bug)
select t1.id as id, t1.k as k, (select count(*) from t2 where t2.k = t1.k) as matches
from t1
order by id;
