-- plantrack schema v9: sign-in delays count failures by account and
-- address together, and remember the addresses an account signed in from
-- (store/users.go). Names are kept in lower case, as they sign in.
UPDATE login_attempts SET name = lower(name);
CREATE INDEX login_attempts_pair ON login_attempts(name, address, at);
