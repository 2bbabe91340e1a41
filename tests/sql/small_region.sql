-- a whole small table with every column
SELECT r_regionkey, r_name, r_comment FROM region ORDER BY r_regionkey
