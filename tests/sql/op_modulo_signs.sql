-- % takes the dividend's sign on int, double and decimal operands (-7 % 2 = -1, 7 % -2 = 1)
SELECT n_nationkey AS k, (n_nationkey - 10) % 4 AS a, n_nationkey % -4 AS b,
       CAST(n_nationkey - 10 AS DOUBLE) % 4 AS f,
       (CAST(n_nationkey AS DECIMAL(10, 2)) - 10.5) % 4 AS d
FROM nation
ORDER BY k
