// Package transfer moves mail into an account and out of it: the import
// of other programs' mail (Thunderbird's profiles, any mbox file or tree
// of them, Apple Mail's .mbox packages, Google Takeout, maildir, .eml
// files) and the export of folders to mbox files or .eml files.
//
// Import reads its sources only, a message at a time (storage/message/mbox
// reads the formats), and puts each message where the account keeps mail:
// an IMAP account's server, by APPEND with the message's flags and date;
// a POP3 account's folders on this computer. A message already in the
// folder (the same Message-ID and the same content, by mbox.Fingerprint)
// is not added again, so an import run twice adds nothing; a message that
// cannot be read as mail is kept as it is, never dropped; Thunderbird's
// deleted messages are left out. Progress is recorded after every batch
// in a file of the profile, so that an import stopped halfway (Ctrl-C, a
// lost connection) goes on where it stopped when run again.
//
// Export walks a folder a page at a time, so that memory stays flat
// however large the folder: each folder becomes one mboxrd file in a
// tree of folders, or a folder of .eml files with safe names.
//
// Both report progress through a callback (counts, bytes, time left) and
// stop when their context is cancelled, keeping what was done.
package transfer
