-- EXCEPT is not symmetric: s2 minus s1
select a as a, b as b from s2
except
select a, b from s1
order by a nulls first, b;
