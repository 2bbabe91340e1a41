-- WHERE: IN lists of strings and of integers
SELECT p_partkey, p_brand, p_size, p_container
FROM part
WHERE p_container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG')
  AND p_size IN (1, 5, 10, 15)
ORDER BY p_partkey
