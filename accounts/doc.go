// Package accounts is Tern's engine: the accounts a user has set up (their
// configuration, with no secrets), the keychain that holds their passwords,
// and the Manager that ties accounts to the local store.
//
// Protocol work lives in sub-packages (imap, pop3, smtp, autoconfig) that
// convert whatever their libraries return into the storage package's
// models at this boundary. The package never imports a GUI toolkit.
package accounts
