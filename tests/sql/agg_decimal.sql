-- aggregates on decimal columns: sum, avg, min, max, and sum of a decimal expression
SELECT sum(l_extendedprice) AS s, avg(l_extendedprice) AS a,
       min(l_discount) AS lo, max(l_discount) AS hi,
       sum(l_extendedprice * (1 - l_discount)) AS revenue, avg(l_quantity) AS avg_qty
FROM lineitem
