-- TPC-H Q1 shaped query on a different date, with count(DISTINCT) and avg
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,
       sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
       avg(l_discount) AS avg_disc, count(DISTINCT l_suppkey) AS supps, count(*) AS count_order
FROM lineitem
WHERE l_shipdate <= DATE '1995-06-17' - INTERVAL '30' DAY
GROUP BY l_returnflag, l_linestatus
ORDER BY l_returnflag, l_linestatus
