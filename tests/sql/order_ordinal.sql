-- ORDER BY ordinals (ORDER BY 2 DESC, 1)
SELECT s_suppkey, s_nationkey, s_acctbal
FROM supplier
ORDER BY 2 DESC, 1
