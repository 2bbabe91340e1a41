-- LIMIT and OFFSET near 2^63: their sum overflows int64, and must mean "all rows after OFFSET"
SELECT n_name AS name FROM nation ORDER BY n_name LIMIT 9223372036854775807 OFFSET 20
