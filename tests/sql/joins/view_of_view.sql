-- a view defined over another view
create view v_one as select k, v from t1 where k is not null;
create view v_two as select k, count(*) as n, sum(v) as total from v_one group by k;

select k as k, n as n, total as total
from v_two
order by k;

drop view v_two;
drop view v_one;
