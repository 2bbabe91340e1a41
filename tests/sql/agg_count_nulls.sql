-- count(x) skips NULLs while count(*) does not; sum/avg/min/max ignore NULLs
SELECT count(*) AS n,
       count(CASE WHEN o_orderstatus = 'F' THEN 1 END) AS n_f,
       sum(CASE WHEN o_orderstatus = 'O' THEN o_totalprice END) AS sum_o,
       avg(CASE WHEN o_orderstatus = 'P' THEN o_shippriority END) AS avg_p,
       min(CASE WHEN o_orderstatus = 'P' THEN o_orderdate END) AS min_p,
       max(CASE WHEN o_orderstatus = 'X' THEN o_orderdate END) AS max_none
FROM orders
