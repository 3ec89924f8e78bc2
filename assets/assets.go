// Package assets holds the files Tern ships inside its binary: the app icon
// and, later, the demo mailbox and the provider database.
package assets

import "embed"

// IconPNG is Tern's 512×512 app icon; icon.svg beside it is the source.
//
//go:embed icon.png
var IconPNG []byte

// Providers holds the built-in provider database: one Thunderbird
// clientConfig v1.1 file per provider, in providers/.
//
//go:embed providers/*.xml
var Providers embed.FS

// OAuthProviders is the built-in table of OAuth2 issuers (Microsoft,
// Google) and the server hosts that sign in with each; see accounts/oauth.
//
//go:embed providers/oauth.json
var OAuthProviders []byte

// Demo holds the demo mailbox's messages, named FOLDER-NN[-flags].eml
// (flags: seen, flagged, draft, joined with "-").
//
//go:embed demo/*.eml
var Demo embed.FS

// Icons holds the toolbar's own pictures where Fyne's theme has none that
// mean the action (flag, open and closed envelope, archive box, junk):
// small single-colour SVGs that the GUI tints to the theme.
//
//go:embed icons/*.svg
var Icons embed.FS
