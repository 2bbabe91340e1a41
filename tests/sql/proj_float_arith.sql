-- projection: double arithmetic, including division, from CAST of decimal and integer columns
SELECT o_orderkey,
       CAST(o_totalprice AS DOUBLE) / 3 AS third,
       CAST(o_totalprice AS DOUBLE) * 1.5 AS f15,
       CAST(o_custkey AS DOUBLE) / CAST(o_orderkey AS DOUBLE) AS ratio,
       CAST(o_shippriority AS DOUBLE) - 0.25 AS shifted
FROM orders
WHERE o_orderkey < 100
ORDER BY o_orderkey
