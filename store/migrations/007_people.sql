-- plantrack schema v7: the name people know an account holder by
-- (张三, 市科技局), shown in histories beside or instead of the account's
-- sign-in name; departments of the sample plans are marked, so that they
-- are not offered for real ones.
ALTER TABLE users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
-- departments only sample plans use are sample departments
UPDATE departments SET sample = 1
 WHERE id IN (SELECT i.department_id FROM indicators i JOIN plans p ON p.id = i.plan_id WHERE p.sample = 1)
   AND id NOT IN (SELECT i.department_id FROM indicators i JOIN plans p ON p.id = i.plan_id
                   WHERE p.sample = 0 AND i.department_id IS NOT NULL);
