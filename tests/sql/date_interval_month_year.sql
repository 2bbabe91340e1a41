-- DATE ± INTERVAL month and year, including month-end clamping (Jan 31 + 1 month)
SELECT o_orderkey, o_orderdate
FROM orders
WHERE o_orderdate >= DATE '1994-01-31' + INTERVAL '1' MONTH
  AND o_orderdate < DATE '1995-03-01' - INTERVAL '1' YEAR + INTERVAL '3' MONTH
  AND o_orderkey < 3000
ORDER BY o_orderkey
