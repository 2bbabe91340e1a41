-- the output columns are named after the first input, literals and NULLs in later inputs
select a as first_a, b as first_b from s1 where a = 4
union all
select 10, 'lit'
union all
select null, 'null a'
order by first_b;
