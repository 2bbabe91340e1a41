-- coalesce over NULL-producing CASE expressions with a constant fallback
SELECT n_nationkey,
       coalesce(CASE WHEN n_regionkey = 3 THEN n_name END, 'none') AS europe_name,
       coalesce(CASE WHEN n_nationkey > 20 THEN n_nationkey END,
                CASE WHEN n_nationkey < 5 THEN -n_nationkey END, 0) AS k
FROM nation
ORDER BY n_nationkey
