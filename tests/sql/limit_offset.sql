-- LIMIT with OFFSET after ORDER BY on unique keys
SELECT o_orderkey, o_orderdate
FROM orders
ORDER BY o_orderdate, o_orderkey
LIMIT 7 OFFSET 25
