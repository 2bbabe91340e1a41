-- min/max of strings and of dates, grouped and ungrouped
SELECT l_shipmode, min(l_shipinstruct) AS min_instr, max(l_shipinstruct) AS max_instr,
       min(l_shipdate) AS first_ship, max(l_receiptdate) AS last_receipt,
       min(l_comment) AS min_comment
FROM lineitem
GROUP BY l_shipmode
ORDER BY l_shipmode
