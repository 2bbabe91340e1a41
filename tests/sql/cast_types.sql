-- CAST: int <-> string, decimal -> int/double, string -> date, date -> string, int -> decimal
SELECT o_orderkey,
       CAST(o_orderkey AS VARCHAR) AS key_text,
       CAST(o_totalprice AS BIGINT) AS price_int,
       CAST(o_totalprice AS DOUBLE) AS price_double,
       CAST(o_custkey AS DECIMAL(12, 2)) AS cust_dec,
       CAST(o_orderdate AS VARCHAR) AS date_text,
       CAST('1995-03-15' AS DATE) AS lit_date,
       CAST('42' AS INTEGER) + 1 AS parsed
FROM orders
WHERE o_orderkey < 70
ORDER BY o_orderkey
