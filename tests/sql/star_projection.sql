-- SELECT * with a filter on a small table
SELECT * FROM nation WHERE n_regionkey = 3 ORDER BY n_nationkey
