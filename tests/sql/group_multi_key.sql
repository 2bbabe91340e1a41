-- GROUP BY three keys of mixed types (string, string, int) with several aggregates
SELECT l_returnflag, l_linestatus, l_linenumber,
       count(*) AS n, sum(l_quantity) AS qty, min(l_shipdate) AS first_ship
FROM lineitem
GROUP BY l_returnflag, l_linestatus, l_linenumber
ORDER BY l_returnflag, l_linestatus, l_linenumber
