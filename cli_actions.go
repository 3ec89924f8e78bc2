package main

import (
	"context"
	"strconv"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// messageID parses a message id argument.
func messageID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, say(errUsage, "cli.error.not_message_id", i18n.Args{"Arg": strconv.Quote(s)})
	}
	return id, nil
}

func (e *env) mark(ctx context.Context, args []string) error {
	pos, err := parse(e.flags("mark"), args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return say(errUsage, "cli.error.mark_args")
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
		return say(errUsage, "cli.error.mark_word", i18n.Args{"Word": pos[1]})
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
		return say(errUsage, "cli.error.move_args")
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
		return say(errUsage, "cli.error.delete_args")
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
		return say(errUsage, "cli.error.folder_args")
	}
	fs := e.flags("folder " + args[0])
	acct := fs.String("account", "", i18n.T("cli.flag.account_needed"))
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
	return say(errUsage, "cli.error.folder_usage")
}
