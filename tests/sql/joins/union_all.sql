-- UNION ALL keeps every row, duplicates and NULLs included
select a as a, b as b from s1
union all
select a, b from s2
order by a nulls first, b;
