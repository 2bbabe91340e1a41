-- scalar functions: abs on decimals and ints, round on doubles to 0 and 2 digits
SELECT c_custkey, abs(c_acctbal) AS a, abs(c_nationkey - 12) AS d,
       round(CAST(c_acctbal AS DOUBLE) / 7, 2) AS r2,
       round(CAST(c_acctbal AS DOUBLE) / 7) AS r0
FROM customer
WHERE c_custkey <= 50
ORDER BY c_custkey
