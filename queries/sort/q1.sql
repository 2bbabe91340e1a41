-- ORDER BY one numeric column of all SF1 lineitem rows (6M), that column returned.
select l_extendedprice from lineitem order by l_extendedprice
