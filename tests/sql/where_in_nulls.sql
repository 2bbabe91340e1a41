-- IN / NOT IN lists containing NULL: NOT IN (.., NULL) is never true, IN (.., NULL) only on a match
SELECT n_nationkey AS k
FROM nation
WHERE n_nationkey NOT IN (1, NULL) OR n_nationkey IN (2, 7, NULL)
ORDER BY k
