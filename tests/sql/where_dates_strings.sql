-- comparisons of a date with a string literal, and of strings with < and >=
SELECT o_orderkey, o_orderdate, o_clerk
FROM orders
WHERE o_orderdate >= '1995-06-01' AND o_orderdate < '1995-06-03'
  AND o_clerk >= 'Clerk#000000500' AND o_orderpriority < '3'
ORDER BY o_orderkey
