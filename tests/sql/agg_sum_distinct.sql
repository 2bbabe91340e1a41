-- sum(DISTINCT) on integer and decimal, ungrouped, next to plain aggregates
SELECT sum(DISTINCT l_linenumber) AS s_lines, sum(DISTINCT l_discount) AS s_disc,
       count(DISTINCT l_tax) AS n_tax, sum(l_linenumber) AS s_all
FROM lineitem
