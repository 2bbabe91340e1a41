-- count(DISTINCT) on int, string and date columns, grouped
SELECT l_returnflag, count(DISTINCT l_orderkey) AS orders, count(DISTINCT l_shipmode) AS modes,
       count(DISTINCT l_shipdate) AS days, count(*) AS n
FROM lineitem
GROUP BY l_returnflag
ORDER BY l_returnflag
