-- uncorrelated EXISTS / NOT EXISTS: over an empty table and over a non-empty one
select
    (select count(*) from t1 where exists (select 1 from t_empty)) as exists_empty,
    (select count(*) from t1 where not exists (select 1 from t_empty)) as not_exists_empty,
    (select count(*) from t1 where exists (select 1 from t2 where w = 'six')) as exists_some;
