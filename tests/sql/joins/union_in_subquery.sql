-- a UNION inside an IN subquery and inside a derived table that is grouped
select t1.id as id, u.n as n
from t1
join (select a, count(*) as n from (select a from s1 union all select a from s2) as x group by a) as u
    on u.a = t1.k
where t1.k in (select a from s1 union select a from s2)
order by id;
