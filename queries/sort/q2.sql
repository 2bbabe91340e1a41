-- ORDER BY a string (random text, 10-43 bytes) with two more columns returned.
select l_orderkey, l_partkey, l_comment from lineitem order by l_comment
