-- subqueries nested three deep (TPC-H Q20 shape)
select id as id, s as s
from t1
where k in (
    select k from t2 where amt > (select avg(amt) from t2 where dt < (select max(dt) from t1))
)
order by id;
