package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/tern-mail/tern/storage"
)

// messageID parses a message id argument.
func messageID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q is not a message id (the first column of tern list)", errUsage, s)
	}
	return id, nil
}

func (e *env) mark(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("mark"), args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: mark takes a message id and read, unread, flagged or unflagged", errUsage)
	}
	id, err := messageID(pos[0])
	if err != nil {
		return err
	}
	yes, no := true, false
	var ch storage.FlagChange
	switch pos[1] {
	case "read":
		ch.Seen = &yes
	case "unread":
		ch.Seen = &no
	case "flagged":
		ch.Flagged = &yes
	case "unflagged":
		ch.Flagged = &no
	default:
		return fmt.Errorf("%w: mark %s: say read, unread, flagged or unflagged", errUsage, pos[1])
	}
	_, err = e.engine.Mark(ctx, []int64{id}, ch)
	return err
}

func (e *env) move(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("move"), args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("%w: move takes a message id and a folder", errUsage)
	}
	id, err := messageID(pos[0])
	if err != nil {
		return err
	}
	_, err = e.engine.Move(ctx, []int64{id}, pos[1])
	return err
}

func (e *env) delete(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("delete"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: delete takes a message id", errUsage)
	}
	id, err := messageID(pos[0])
	if err != nil {
		return err
	}
	_, err = e.engine.Delete(ctx, []int64{id})
	return err
}

func (e *env) folder(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: folder needs create, rename or delete", errUsage)
	}
	fs := e.flags("folder " + args[0])
	acct := fs.String("account", "", "the account (needed with several)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	a, err := e.oneAccount(*acct)
	if err != nil {
		return err
	}
	switch {
	case args[0] == "create" && len(pos) == 1:
		return e.engine.CreateFolder(ctx, a.ID, pos[0])
	case args[0] == "rename" && len(pos) == 2:
		return e.engine.RenameFolder(ctx, a.ID, pos[0], pos[1])
	case args[0] == "delete" && len(pos) == 1:
		return e.engine.DeleteFolder(ctx, a.ID, pos[0])
	}
	return fmt.Errorf("%w: folder create NAME, folder rename NAME NEW-NAME or folder delete NAME", errUsage)
}
