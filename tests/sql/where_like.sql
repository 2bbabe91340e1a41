-- WHERE: LIKE with % and _ wildcards, NOT LIKE
SELECT p_partkey, p_name, p_type
FROM part
WHERE p_type LIKE '%BRASS'
  AND p_name LIKE '%green%'
  AND p_type NOT LIKE 'SMALL%'
  AND p_name LIKE '_____%'
ORDER BY p_partkey
