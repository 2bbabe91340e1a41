-- round() with digits past every digit a value has is 0, a rounding that carries into a new integer digit fits, halves round away from zero
select round(1234.5, -400) as a, round(cast(1234.5 as double), -400) as b,
       round(1234.5, -3) as c, round(1234.5, -4) as d, round(5234.5, -4) as e,
       round(-1234.5, -1) as g, round(99.5, -2) as i, round(2.45, 1) as j,
       round(cast(-2.5 as double)) as k
