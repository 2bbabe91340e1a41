-- SELECT DISTINCT of an expression on a large table
SELECT DISTINCT EXTRACT(YEAR FROM l_shipdate) AS y, l_shipmode
FROM lineitem
WHERE l_shipmode IN ('AIR', 'RAIL')
ORDER BY y, l_shipmode
