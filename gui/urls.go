package gui

import (
	"net/url"

	"fyne.io/fyne/v2"
)

// urlOf converts a Fyne URI to a net/url URL.
func urlOf(u fyne.URI) *url.URL {
	p, err := url.Parse(u.String())
	if err != nil {
		return &url.URL{Scheme: "file", Path: u.Path()}
	}
	return p
}
