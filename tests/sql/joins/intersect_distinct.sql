-- INTERSECT: rows in both, once, the NULL row counts as equal
select a as a, b as b from s1
intersect
select a, b from s2
order by a nulls first, b;
