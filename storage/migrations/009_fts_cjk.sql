-- 009: words inside Chinese, Japanese and Korean text, and ß searched as
-- "ss". The index is now given each run of CJK characters as overlapping
-- pairs of characters, and ß and ẞ as "ss" (see storage/fts_text.go);
-- entries written before held a whole run as one word. The entries of the
-- messages whose text has such characters are written again; the others
-- are already what they would be. Messages in fts_pending have no entry
-- yet. The rewrite is done in Go after this file (rewriteIndexForms in
-- storage/migrate_index.go), which tells its progress as it goes: on a
-- large store it takes a while.
SELECT 1;
