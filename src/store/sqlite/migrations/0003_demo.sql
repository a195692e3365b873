-- Accounts made by `roer demo` are marked, so every screen can say it shows demo data.
ALTER TABLE users ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
