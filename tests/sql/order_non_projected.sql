-- ORDER BY columns that are not in the select list
SELECT s_name
FROM supplier
ORDER BY s_acctbal DESC, s_suppkey
