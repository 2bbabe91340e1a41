-- CROSS JOIN: every pair, duplicates and NULLs included (7 x 6 rows)
select s1.a as a1, s1.b as b1, s2.a as a2, s2.b as b2
from s1 cross join s2
order by a1 nulls first, b1, a2 nulls first, b2;
