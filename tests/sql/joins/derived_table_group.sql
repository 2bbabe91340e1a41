-- a derived table (subquery in FROM) grouped by a computed column
select bucket as bucket, count(*) as orders, sum(o_totalprice) as total
from (
    select case when o_totalprice < 50000 then 'small'
                when o_totalprice < 200000 then 'medium'
                else 'large' end as bucket,
           o_totalprice
    from orders
) as t
group by bucket
order by bucket;
