-- projection: constant expressions without a FROM clause
SELECT 1 + 2 * 3 AS a, 10 - 4 AS b, 'x' || 'y' AS c, CAST(7 AS DOUBLE) / 2 AS d, 2.50 * 4 AS e
