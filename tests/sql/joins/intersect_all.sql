-- INTERSECT ALL keeps min(left count, right count) copies of each row
select a as a, b as b from s1
intersect all
select a, b from s2
order by a nulls first, b;
