// Command i18nmissing tells a translator what a translation of Tern
// lacks: the message ids of the English catalogs that the language's
// catalog does not have, the ids it has that English does not (renamed
// or removed messages), and plural messages without every plural form
// the language's CLDR rules use (Polish needs one, few, many and other).
//
//	go run ./internal/cmd/i18nmissing de      # one language
//	go run ./internal/cmd/i18nmissing         # every translation
//
// A language is named by its catalog's tag (de, pt-BR, zh-Hans; pt_BR is
// taken as pt-BR). A catalog is every file TAG.json or NAME.TAG.json in
// the catalog directory (-dir, assets/i18n by default). A language
// without a catalog lacks every id: the list is where a new translation
// starts.
//
// The exit status is 0 when nothing is lacking, 1 when something is, 2
// on an error (a catalog that does not parse, an unknown tag).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the command line args, checks the languages it names (or
// every translation) and reports to stdout; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("i18nmissing", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "assets/i18n", "the directory of the catalogs")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: i18nmissing [-dir DIR] [LANG ...]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	cats, err := readCatalogs(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "i18nmissing:", err)
		return 2
	}
	en := cats["en"]
	if len(en) == 0 {
		fmt.Fprintf(stderr, "i18nmissing: no English catalog (en.json) in %s\n", *dir)
		return 2
	}
	langs, err := chooseLanguages(fl.Args(), cats)
	if err != nil {
		fmt.Fprintln(stderr, "i18nmissing:", err)
		return 2
	}
	if len(langs) == 0 {
		fmt.Fprintf(stdout, "No translations yet: %s has the English catalog only.\n", *dir)
		return 0
	}
	status := 0
	for _, lang := range langs {
		if lang == "en" {
			fmt.Fprintln(stdout, "en: English is what the other languages are compared with")
			continue
		}
		r := compare(lang, en, cats[lang])
		r.write(stdout)
		if !r.complete() {
			status = 1
		}
	}
	return status
}
