-- nested set operations with parentheses: (s1 UNION s2) EXCEPT (s1 INTERSECT s2)
(select a as a, b as b from s1 union select a, b from s2)
except
(select a, b from s1 intersect select a, b from s2)
order by a nulls first, b;
