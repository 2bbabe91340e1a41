-- integer division written so both engines agree: exact multiples of the divisor, and DOUBLE division
SELECT n_nationkey AS k, CAST(n_nationkey AS DOUBLE) / 4 AS q, (n_nationkey - n_nationkey % 4) / 4 AS whole_positive
FROM nation
WHERE n_nationkey >= 0
ORDER BY k
