-- UNION of int32 with int64 and of decimals with different scales
select k as k, amt as amt from t1
union
select k, amt from t2
order by k nulls first, amt nulls first;
