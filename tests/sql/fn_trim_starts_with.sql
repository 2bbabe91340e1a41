-- trim of padded strings and starts_with in a filter
SELECT p_partkey, trim('  ' || p_brand || '  ') AS b, length(trim('  ' || p_brand || '  ')) AS len
FROM part
WHERE starts_with(p_type, 'PROMO') AND p_partkey < 150
ORDER BY p_partkey
