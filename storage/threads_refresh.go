package storage

import (
	"context"
	"fmt"
	"sort"
)

// asideRoles are the folders whose messages count in a conversation only
// when that folder is the one listed: what was thrown away or is junk
// does not make a conversation in the Inbox look newer or longer.
const asideRoles = `('` + RoleTrash + `', '` + RoleJunk + `')`

// refresh reads again, for every thread that changed (dirty, or noted in
// thread_dirty by the triggers), which folders it has messages in and the
// date each folder's list sorts it by; threads left without messages are
// removed, with their ids.
func (st *threadState) refresh(ctx context.Context) error {
	rows, err := st.tx.sqlTx.QueryContext(ctx, `SELECT thread_id FROM thread_dirty`)
	if err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("storage: threads: %w", err)
		}
		st.dirty[st.resolve(t)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("storage: threads: %w", err)
	}
	ids := make([]int64, 0, len(st.dirty))
	for t := range st.dirty {
		ids = append(ids, t)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	arg, err := jsonArg(ids)
	if err != nil {
		return err
	}
	if _, err := st.tx.exec(ctx, `DELETE FROM thread_dirty`); err != nil {
		return fmt.Errorf("storage: threads: refresh: %w", err)
	}
	for _, q := range []string{
		// Deleting a thread deletes its ids and folder rows (ON DELETE CASCADE).
		`DELETE FROM threads WHERE id IN (SELECT value FROM json_each(?1))
			AND NOT EXISTS (SELECT 1 FROM message_threads WHERE thread_id = threads.id)`,
		`DELETE FROM thread_folders WHERE thread_id IN (SELECT value FROM json_each(?1))`,
		refreshFoldersSQL,
	} {
		if _, err := st.tx.exec(ctx, q, arg); err != nil {
			return fmt.Errorf("storage: threads: refresh: %w", err)
		}
	}
	return nil
}

// refreshFoldersSQL writes the thread_folders rows of the threads in ?1:
// one per folder a thread has messages in, dated by its newest message
// there or in any folder of the account but Trash and Junk.
const refreshFoldersSQL = `WITH per AS (
		SELECT mt.thread_id AS t, m.folder_id AS f, max(m.date) AS d, f.role IN ` + asideRoles + ` AS aside
		FROM message_threads mt JOIN messages m ON m.id = mt.message_id JOIN folders f ON f.id = m.folder_id
		WHERE mt.thread_id IN (SELECT value FROM json_each(?1))
		GROUP BY mt.thread_id, m.folder_id),
	kept AS (SELECT t, max(d) AS d FROM per WHERE NOT aside GROUP BY t)
	INSERT INTO thread_folders(folder_id, thread_id, newest)
	SELECT per.f, per.t, max(per.d, coalesce(kept.d, 0)) FROM per LEFT JOIN kept ON kept.t = per.t`
