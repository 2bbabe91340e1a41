-- A bare NULL works wherever a value does: comparisons, arithmetic, LIKE, aggregates and string, date and numeric functions all give NULL (count gives 0), never a kernel error.
select null = null as eq, null <> 1 as ne, null + null as plus, null + 1 as plus_one,
       null like 'a' as like_a, null not like 'a' as not_like,
       upper(null) as up, substring(null, 1, 2) as sub, length(null) as len,
       abs(null) as absolute, round(null) as rounded,
       coalesce(null, 3) as coalesced,
       (select min(null) from nation) as mn, (select max(null) from nation) as mx,
       (select sum(null) from nation) as sm, (select count(null) from nation) as cnt,
       (select count(*) from nation where n_name = null) as none_equal
