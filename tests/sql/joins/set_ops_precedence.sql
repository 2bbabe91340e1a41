-- INTERSECT binds tighter than UNION: s2 UNION (s1 INTERSECT {4, 5, 6}), not (s2 UNION s1) INTERSECT ...
select a as a from s2
union
select a from s1
intersect
select cast(k as integer) from t2 where k >= 4
order by a nulls first;
