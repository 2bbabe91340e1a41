-- CREATE VIEW, a query joining it, DROP VIEW (the select is the answer)
create view big_v as select id, k, v from t1 where v >= 50;

select big_v.id as id, big_v.v as v, t2.w as w
from big_v left join t2 on big_v.k = t2.k
order by id, w nulls last;

drop view big_v;
