package main

import (
	"fmt"
	"io"
	"time"

	"github.com/tern-mail/tern/assets/i18n"
	"github.com/tern-mail/tern/storage"
)

// indexProgress tells on w (standard error) how far the rewrite of the
// search index that opening a store of an older Tern may need has come
// (storage.OpenWithProgress): "Tern is updating its search index: 12,000
// of 50,000", once a second and at the end. A store that opens within a
// second says nothing.
func indexProgress(w io.Writer) storage.OpenProgress {
	start := time.Now()
	var last time.Time
	return func(done, total int) {
		if time.Since(start) < time.Second || (done < total && time.Since(last) < time.Second) {
			return
		}
		last = time.Now()
		fmt.Fprintln(w, i18n.T("lang.index.progress", i18n.Args{"Done": i18n.Number(done), "Total": i18n.Number(total)}))
	}
}
