-- scalar functions: upper, lower, length on string columns
SELECT r_regionkey, lower(r_name) AS lo, upper(lower(r_name)) AS up, length(r_name) AS len,
       length(r_comment) AS clen
FROM region
ORDER BY r_regionkey
