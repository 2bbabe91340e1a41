-- a derived table with a column alias list, filtered outside
select d.kk as kk, d.vv as vv
from (select k, v from t1 where v is not null) as d (kk, vv)
where d.kk > 1
order by vv;
