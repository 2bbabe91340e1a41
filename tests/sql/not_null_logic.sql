-- NOT over a NULL-able predicate: NOT NULL is NULL, so those rows are filtered out
SELECT n_nationkey AS k
FROM nation
WHERE NOT (CASE WHEN n_nationkey < 5 THEN NULL ELSE n_nationkey > 20 END)
ORDER BY k
