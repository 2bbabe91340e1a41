-- ORDER BY mixed ASC/DESC keys over several types
SELECT c_nationkey, c_mktsegment, c_acctbal, c_custkey
FROM customer
WHERE c_custkey <= 200
ORDER BY c_nationkey DESC, c_mktsegment ASC, c_acctbal DESC, c_custkey
