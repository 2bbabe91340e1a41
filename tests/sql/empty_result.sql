-- a filter that matches nothing gives the header only
SELECT l_orderkey, l_quantity FROM lineitem WHERE l_quantity > 1000 ORDER BY l_orderkey
