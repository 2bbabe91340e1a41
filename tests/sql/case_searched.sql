-- CASE: searched form with several WHEN branches and ELSE, in projection and GROUP BY
SELECT CASE WHEN o_totalprice < 50000 THEN 'low'
            WHEN o_totalprice < 200000 THEN 'mid'
            ELSE 'high' END AS bucket,
       count(*) AS n,
       sum(o_totalprice) AS total
FROM orders
GROUP BY CASE WHEN o_totalprice < 50000 THEN 'low'
              WHEN o_totalprice < 200000 THEN 'mid'
              ELSE 'high' END
ORDER BY bucket
