-- concat() and the || operator on strings and on a cast integer
SELECT n_nationkey, concat(n_name, '-', CAST(n_regionkey AS VARCHAR)) AS c,
       n_name || '/' || CAST(n_regionkey AS VARCHAR) AS p
FROM nation
ORDER BY n_nationkey
