-- a scalar subquery correlated on two outer columns, one of them by inequality
select t1.id as id,
    (select count(*) from t2 where t2.k = t1.k and t2.id - 100 > t1.id) as later_matches
from t1
order by id;
