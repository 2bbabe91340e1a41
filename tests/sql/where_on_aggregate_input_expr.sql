-- filter on a computed column mixing decimal and integer arithmetic, grouped by a date part
SELECT EXTRACT(MONTH FROM l_shipdate) AS m, count(*) AS n, sum(l_quantity * l_extendedprice) AS v
FROM lineitem
WHERE l_quantity * 2 + l_linenumber > 95 AND l_discount * 100 >= 5
GROUP BY 1
ORDER BY 1
