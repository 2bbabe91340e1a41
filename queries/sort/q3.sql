-- ORDER BY three keys, every column returned: the whole table moves.
select * from lineitem order by l_shipdate, l_orderkey, l_linenumber
