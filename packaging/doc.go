// Package packaging holds the files that install Tern on each system (the
// Linux desktop entry, AppStream metainfo and Debian package, the Windows
// installer, the macOS Info.plist) and the scripts that build them. Its
// tests check those files against FyneApp.toml, the one place Tern's name,
// id and version are set; it has no code of its own.
package packaging
