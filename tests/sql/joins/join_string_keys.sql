-- a join on text keys with duplicates on both sides
select s1.a as a1, s2.a as a2, s1.b as b
from s1 join s2 on s1.b = s2.b
order by a1 nulls first, a2 nulls first, b;
