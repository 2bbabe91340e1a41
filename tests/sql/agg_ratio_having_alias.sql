-- aggregate expressions (ratios of sums), HAVING on an alias, ORDER BY an unprojected aggregate
SELECT o_orderpriority AS p, count(*) AS n, sum(o_totalprice) / count(*) AS mean_price
FROM orders
GROUP BY o_orderpriority
HAVING n > 2990
ORDER BY sum(o_totalprice) DESC
