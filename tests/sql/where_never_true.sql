-- WHERE 1 = 0 and WHERE NULL read nothing, with the right answers above them: an ungrouped count is 0 and a sum NULL, a grouped aggregate has no rows, a LEFT join keeps its left rows, an inner join has none, UNION ALL keeps the other input.
select (select count(*) from lineitem where 1 = 0) as cnt,
       (select sum(l_quantity) from lineitem where null) as total,
       (select count(*) from (select l_returnflag from lineitem where 1 = 0
                              group by l_returnflag) g) as groups,
       (select count(*) from nation left join (select * from region where false) r
          on n_regionkey = r_regionkey) as left_rows,
       (select count(r_name) from nation left join (select * from region where false) r
          on n_regionkey = r_regionkey) as right_names,
       (select count(*) from nation join (select * from region where 1 = 0) r
          on n_regionkey = r_regionkey) as inner_rows,
       (select count(*) from (select n_name from nation where 1 = 0
                              union all select r_name from region) u) as union_rows
