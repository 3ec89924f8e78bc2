package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"

	"github.com/tern-mail/tern/storage"
)

// printWithConversations writes the lines of printSummaries with one more
// column, last: the id of each message's conversation (storage
// ConversationOf), the same for every message of one, across folders.
func (e *env) printWithConversations(ctx context.Context, msgs []storage.MessageSummary) error {
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	convs, err := e.store.ConversationIDs(ctx, ids)
	if err != nil {
		return err
	}
	// The columns before are printSummaries' own, one line a message.
	var buf bytes.Buffer
	lines := *e
	lines.io.out = &buf
	lines.printSummaries(msgs)
	w := bufio.NewWriter(e.io.out)
	defer w.Flush()
	for i, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if i >= len(msgs) {
			break
		}
		fmt.Fprintf(w, "%s\t%d\n", bytes.TrimSuffix(line, []byte("\n")), convs[msgs[i].ID])
	}
	return nil
}
