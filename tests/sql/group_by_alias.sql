-- GROUP BY a select-list alias of an expression
SELECT substr(c_phone, 1, 2) AS cntry, count(*) AS n, sum(c_acctbal) AS bal
FROM customer
GROUP BY cntry
ORDER BY cntry
