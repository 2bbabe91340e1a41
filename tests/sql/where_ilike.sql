-- WHERE: ILIKE (case-insensitive) and NOT ILIKE
SELECT r_regionkey, r_name
FROM region
WHERE r_name ILIKE '%a%' AND r_name NOT ILIKE 'asia'
ORDER BY r_regionkey
