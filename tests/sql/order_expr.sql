-- ORDER BY an expression and an alias
SELECT p_partkey, p_retailprice * 2 AS dbl
FROM part
WHERE p_partkey < 60
ORDER BY p_size * -1, dbl DESC, p_partkey
