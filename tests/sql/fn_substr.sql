-- scalar functions: substr with start and length, and with start only
SELECT n_nationkey, substr(n_name, 1, 3) AS pre, substr(n_name, 3) AS rest,
       substring(n_name, 2, 2) AS mid
FROM nation
ORDER BY n_nationkey
