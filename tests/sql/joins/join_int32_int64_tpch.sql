-- an int32 fixture key joined with the int64 TPC-H o_orderkey
select t1.id as id, t1.s as s, o_custkey as custkey, o_orderstatus as status
from t1 join orders on t1.id = o_orderkey
order by id;
