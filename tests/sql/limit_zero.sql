-- LIMIT 0 gives only the header
SELECT r_name FROM region ORDER BY r_name LIMIT 0
