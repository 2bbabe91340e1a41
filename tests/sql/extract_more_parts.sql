-- EXTRACT(QUARTER/DOW/DOY/WEEK FROM date)
SELECT o_orderkey, o_orderdate, EXTRACT(QUARTER FROM o_orderdate) AS q,
       EXTRACT(DOW FROM o_orderdate) AS dw, EXTRACT(DOY FROM o_orderdate) AS dy,
       EXTRACT(WEEK FROM o_orderdate) AS wk
FROM orders
WHERE o_orderkey < 200
ORDER BY o_orderkey
