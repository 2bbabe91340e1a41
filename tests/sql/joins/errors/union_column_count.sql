-- the inputs of a set operation must have the same number of columns
select a as a, b as b from s1
union
select a from s2;
