-- CASE and coalesce mixing integer and decimal results, round to negative digits, unary minus
SELECT p_partkey AS k, CASE WHEN p_size > 25 THEN 1 ELSE p_retailprice END AS c,
       coalesce(CASE WHEN p_size > 25 THEN p_size END, p_retailprice) AS co,
       round(p_retailprice, -2) AS r, -p_retailprice AS neg
FROM part
WHERE p_partkey <= 30
ORDER BY k
