-- NATURAL JOIN matches on every common column (a and b), the NULL a rows never match
select a as a, b as b
from s1 natural join s2
order by a, b;
