-- aggregates over empty input with GROUP BY give no rows
SELECT l_returnflag, count(*) AS n
FROM lineitem
WHERE l_shipdate < DATE '1900-01-01'
GROUP BY l_returnflag
ORDER BY l_returnflag
