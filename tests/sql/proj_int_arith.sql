-- projection: integer arithmetic (+ - * %, unary minus, precedence) on int64 and int32 columns
SELECT l_orderkey, l_linenumber,
       l_orderkey + l_linenumber AS s,
       l_orderkey - 2 * l_linenumber AS d,
       l_partkey * l_suppkey AS p,
       l_partkey % 7 AS m,
       -l_linenumber AS neg,
       (l_orderkey + 1) * (l_linenumber - 1) AS paren
FROM lineitem
WHERE l_orderkey < 40
ORDER BY l_orderkey, l_linenumber
