-- SELECT * of the largest table, top-K on a string column DESC (values with commas are quoted)
SELECT * FROM lineitem ORDER BY l_comment DESC, l_orderkey, l_linenumber LIMIT 5
