-- DATE literal minus/plus INTERVAL days in a filter (TPC-H Q1 style) and projected as DATE
SELECT l_orderkey, l_linenumber, l_shipdate,
       CAST(l_shipdate + INTERVAL '10' DAY AS DATE) AS plus10
FROM lineitem
WHERE l_shipdate > DATE '1998-12-01' - INTERVAL '100' DAY
ORDER BY l_orderkey, l_linenumber
