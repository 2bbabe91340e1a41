-- EXCEPT: rows of the left input not in the right, once, the NULL row is removed
select a as a, b as b from s1
except
select a, b from s2
order by a nulls first, b;
