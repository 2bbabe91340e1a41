-- HAVING on an aggregate that is not in the select list, and on one that is
SELECT o_custkey, count(*) AS n, sum(o_totalprice) AS total
FROM orders
GROUP BY o_custkey
HAVING count(*) >= 25 AND max(o_totalprice) > 300000
ORDER BY o_custkey
