-- WHERE: IS NULL / IS NOT NULL on an expression that produces NULLs (CASE without ELSE)
SELECT n_nationkey, n_name
FROM nation
WHERE (CASE WHEN n_regionkey = 1 THEN n_name END) IS NULL
  AND (CASE WHEN n_nationkey > 3 THEN n_nationkey END) IS NOT NULL
ORDER BY n_nationkey
