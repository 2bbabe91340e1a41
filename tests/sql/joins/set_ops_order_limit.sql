-- ORDER BY and LIMIT apply to the whole UNION ALL, not to its last input
select a as a, b as b from s1
union all
select a, b from s2
order by b desc, a nulls last
limit 5;
