-- WHERE: NOT IN list on a string column over a small table
SELECT n_nationkey, n_name, n_regionkey
FROM nation
WHERE n_name NOT IN ('ALGERIA', 'BRAZIL', 'CANADA', 'UNITED STATES')
  AND n_regionkey NOT IN (0, 4)
ORDER BY n_nationkey
