-- || is NULL when an operand is NULL; concat() skips NULLs
SELECT n_nationkey AS k,
       CASE WHEN n_nationkey < 3 THEN NULL ELSE n_name END || 'x' AS op,
       concat(CASE WHEN n_nationkey < 3 THEN NULL ELSE n_name END, 'x') AS fn,
       upper(CASE WHEN n_nationkey < 3 THEN NULL ELSE n_name END) AS u,
       length(CASE WHEN n_nationkey < 3 THEN NULL ELSE n_name END) AS l
FROM nation
WHERE n_nationkey < 8
ORDER BY k
