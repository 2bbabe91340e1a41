-- aggregates on integer columns (int32 and int64): count, sum, avg, min, max
SELECT count(*) AS n, count(ps_availqty) AS nq, sum(ps_availqty) AS s, avg(ps_availqty) AS a,
       min(ps_availqty) AS lo, max(ps_availqty) AS hi, sum(ps_suppkey) AS s64,
       min(ps_partkey) AS minkey, max(ps_partkey) AS maxkey
FROM partsupp
