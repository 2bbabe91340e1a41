-- aggregates over empty input without GROUP BY give one row: count 0, others NULL
SELECT count(*) AS n, count(l_orderkey) AS nk, sum(l_quantity) AS s, avg(l_discount) AS a,
       min(l_shipdate) AS lo, max(l_comment) AS hi
FROM lineitem
WHERE l_orderkey < 0
