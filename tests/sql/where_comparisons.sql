-- WHERE: = <> < <= > >= on int, decimal, string and date columns, combined with AND
SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate, o_orderpriority
FROM orders
WHERE o_custkey <> 1000
  AND o_totalprice >= 350000
  AND o_totalprice < 400000.00
  AND o_orderdate > DATE '1993-01-01'
  AND o_orderdate <= DATE '1997-12-31'
  AND o_orderpriority = '1-URGENT'
ORDER BY o_orderkey
