-- projection: decimal arithmetic (+ - * with decimals and integer/decimal literals)
SELECT l_orderkey, l_linenumber,
       l_extendedprice * (1 - l_discount) AS disc_price,
       l_extendedprice * (1 - l_discount) * (1 + l_tax) AS charge,
       l_quantity + l_tax AS qt,
       l_extendedprice - 100 AS minus_int,
       l_quantity * 2 AS twice,
       l_discount * 0.5 AS half_disc
FROM lineitem
WHERE l_orderkey <= 35
ORDER BY l_orderkey, l_linenumber
