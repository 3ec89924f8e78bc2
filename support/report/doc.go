// Package report writes the zip a person sends to whoever helps them:
// the version and system, the account settings without secrets, the last
// notices and events, and the protocol log when it is kept. Every file is
// checked once more for secrets and addresses before the zip is written.
package report
