-- 006: the personal namespace prefix of an IMAP account (RFC 2342), such
-- as "INBOX." on Courier and Debian's Cyrus. Folder names keep the server's
-- full name; the prefix is left off when they are shown.
ALTER TABLE accounts ADD COLUMN folder_prefix TEXT NOT NULL DEFAULT '';
