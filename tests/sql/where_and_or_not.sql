-- WHERE: AND / OR / NOT precedence with parentheses
SELECT c_custkey, c_nationkey, c_mktsegment, c_acctbal
FROM customer
WHERE (c_nationkey = 1 OR c_nationkey = 2) AND NOT c_mktsegment = 'BUILDING'
   OR c_acctbal < -990
ORDER BY c_custkey
