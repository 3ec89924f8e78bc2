-- 009: words inside Chinese, Japanese and Korean text, and ß searched as
-- "ss". The index is now given each run of CJK characters as overlapping
-- pairs of characters, and ß and ẞ as "ss" (see storage/fts_text.go);
-- entries written before held a whole run as one word. The entries of the
-- messages whose text has such characters are written again; the others
-- are already what they would be. Messages in fts_pending have no entry
-- yet. tern_index_text is the store's own function: NULL when the text
-- needs no change.
CREATE TEMP TABLE fts_rewrite AS
	SELECT id FROM messages
	WHERE id NOT IN (SELECT message_id FROM fts_pending)
	AND tern_index_text(subject || ' ' || from_name || ' ' || from_addr || ' ' || to_addrs || ' ' ||
		cc_addrs || ' ' || coalesce(body_text, '')) IS NOT NULL;

DELETE FROM messages_fts WHERE rowid IN (SELECT id FROM temp.fts_rewrite);

INSERT INTO messages_fts(rowid, subject, addresses, body)
	SELECT id,
		coalesce(tern_index_text(subject), subject),
		coalesce(tern_index_text(from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs),
			from_name || ' ' || from_addr || ' ' || to_addrs || ' ' || cc_addrs),
		coalesce(tern_index_text(coalesce(body_text, '')), coalesce(body_text, ''))
	FROM messages WHERE id IN (SELECT id FROM temp.fts_rewrite);

DROP TABLE temp.fts_rewrite;
