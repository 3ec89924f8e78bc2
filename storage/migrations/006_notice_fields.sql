-- 006: notices become structured facts (what happened, to which message
-- or folder, and the server's own words); the window and the command line
-- word them. Notices written before this keep their sentence in text.
ALTER TABLE notices ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN folder TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN dest TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN server_text TEXT NOT NULL DEFAULT '';
