-- DATE - DATE is a number of days; used in projection, filter and aggregate
SELECT l_shipmode, count(*) AS n, min(l_receiptdate - l_shipdate) AS min_days,
       max(l_receiptdate - l_shipdate) AS max_days, sum(l_receiptdate - l_commitdate) AS late_days
FROM lineitem
WHERE l_receiptdate - l_shipdate > 20
GROUP BY l_shipmode
ORDER BY l_shipmode
