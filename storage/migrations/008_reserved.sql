-- 008: number held for a migration that lands separately; this file does
-- nothing and gives way to it.
SELECT 1;
