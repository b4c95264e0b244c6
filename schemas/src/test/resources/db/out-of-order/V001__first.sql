-- one
SELECT 1;
