-- WHERE: LIKE with only _ wildcards matches exact lengths
SELECT n_nationkey, n_name
FROM nation
WHERE n_name LIKE '____' OR n_name LIKE 'I_D%'
ORDER BY n_nationkey
