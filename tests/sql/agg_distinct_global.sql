-- count(DISTINCT) with no GROUP BY over a large table
SELECT count(DISTINCT l_partkey) AS parts, count(DISTINCT l_suppkey) AS supps
FROM lineitem
