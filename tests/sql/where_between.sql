-- WHERE: BETWEEN and NOT BETWEEN on decimal, integer and date (inclusive bounds)
SELECT l_orderkey, l_linenumber, l_discount, l_quantity, l_shipdate
FROM lineitem
WHERE l_discount BETWEEN 0.05 AND 0.07
  AND l_quantity NOT BETWEEN 2 AND 49
  AND l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
ORDER BY l_orderkey, l_linenumber
