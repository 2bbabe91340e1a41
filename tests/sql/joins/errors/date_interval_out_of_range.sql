-- DATE + INTERVAL past the representable range is an error, not a wrapped value printed as '<value out of range>'
select date '2020-01-01' + interval '100000000' year as d;
