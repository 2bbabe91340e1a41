-- EXTRACT(YEAR/MONTH/DAY FROM date) in projection, filter and GROUP BY
SELECT EXTRACT(YEAR FROM o_orderdate) AS y,
       EXTRACT(MONTH FROM o_orderdate) AS m,
       count(*) AS n,
       min(EXTRACT(DAY FROM o_orderdate)) AS first_day,
       max(EXTRACT(DAY FROM o_orderdate)) AS last_day
FROM orders
WHERE EXTRACT(YEAR FROM o_orderdate) IN (1992, 1998)
GROUP BY EXTRACT(YEAR FROM o_orderdate), EXTRACT(MONTH FROM o_orderdate)
ORDER BY y, m
