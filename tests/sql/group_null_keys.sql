-- GROUP BY a key with NULLs (one NULL group); count/sum DISTINCT ignore NULL arguments
SELECT CASE WHEN n_regionkey < 2 THEN n_regionkey END AS g, count(*) AS n,
       count(DISTINCT CASE WHEN n_nationkey > 10 THEN n_regionkey END) AS dn,
       sum(DISTINCT CASE WHEN n_nationkey > 10 THEN n_regionkey END) AS ds
FROM nation
GROUP BY 1
ORDER BY g NULLS FIRST
