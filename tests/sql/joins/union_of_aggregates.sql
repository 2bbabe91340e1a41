-- UNION ALL of aggregates over different tables
select 't1' as src, count(*) as n, count(k) as keys from t1
union all
select 't2', count(*), count(k) from t2
union all
select 't_empty', count(*), count(k) from t_empty
order by src;
