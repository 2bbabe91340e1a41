-- CAST that drops fraction digits rounds: decimals half away from zero, doubles half to even
SELECT l_orderkey, l_linenumber,
       CAST(l_extendedprice AS INTEGER) AS price_int,
       CAST(l_extendedprice * l_discount AS DECIMAL(12, 1)) AS disc_1,
       CAST(CAST(l_quantity AS DOUBLE) / 2 AS BIGINT) AS half_qty,
       CAST(2.5 AS INTEGER) AS lit_dec, CAST(CAST(2.5 AS DOUBLE) AS INTEGER) AS lit_dbl,
       CAST(-2.5 AS BIGINT) AS lit_neg
FROM lineitem
WHERE l_orderkey < 70
ORDER BY l_orderkey, l_linenumber
