-- LIMIT on top of a sorted aggregate
SELECT o_custkey, sum(o_totalprice) AS total
FROM orders
GROUP BY o_custkey
ORDER BY total DESC, o_custkey
LIMIT 5
