-- GROUP BY ordinals (GROUP BY 1, 2) and ORDER BY ordinals
SELECT o_orderstatus, o_orderpriority, count(*) AS n
FROM orders
GROUP BY 1, 2
ORDER BY 1, 2
