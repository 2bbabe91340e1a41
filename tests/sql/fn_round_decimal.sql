-- round on decimals: half away from zero, as SQL engines do
SELECT l_orderkey, l_linenumber, round(l_extendedprice * l_discount, 1) AS r1,
       round(l_extendedprice, 0) AS r0
FROM lineitem
WHERE l_orderkey < 30
ORDER BY l_orderkey, l_linenumber
