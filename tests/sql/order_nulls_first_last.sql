-- ORDER BY with explicit NULLS FIRST / NULLS LAST on NULLs made by CASE
SELECT n_nationkey,
       CASE WHEN n_regionkey <> 2 THEN n_regionkey END AS rk,
       CASE WHEN n_nationkey % 3 = 0 THEN n_name END AS nm
FROM nation
ORDER BY rk ASC NULLS FIRST, nm DESC NULLS LAST, n_nationkey
