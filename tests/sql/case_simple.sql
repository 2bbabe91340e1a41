-- CASE: simple form (CASE x WHEN v THEN ...), with and without ELSE, numeric results
SELECT n_nationkey,
       CASE n_regionkey WHEN 0 THEN 'AFRICA' WHEN 1 THEN 'AMERICA' ELSE 'OTHER' END AS region,
       CASE n_regionkey WHEN 2 THEN n_nationkey * 10 END AS asia_x10
FROM nation
ORDER BY n_nationkey
