-- aggregates on doubles: sum, avg, min, max of CAST(decimal AS DOUBLE), grouped
-- inexact: float sums (order of addition differs between plans)
SELECT c_mktsegment,
       sum(CAST(c_acctbal AS DOUBLE)) AS s, avg(CAST(c_acctbal AS DOUBLE)) AS a,
       min(CAST(c_acctbal AS DOUBLE)) AS lo, max(CAST(c_acctbal AS DOUBLE)) AS hi
FROM customer
GROUP BY c_mktsegment
ORDER BY c_mktsegment
