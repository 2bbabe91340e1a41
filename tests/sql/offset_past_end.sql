-- OFFSET past the end gives no rows
SELECT r_regionkey FROM region ORDER BY r_regionkey LIMIT 3 OFFSET 10
