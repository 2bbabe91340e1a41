-- UNION removes duplicates across and within inputs, NULLs are equal to each other
select a as a, b as b from s1
union
select a, b from s2
order by a nulls first, b;
