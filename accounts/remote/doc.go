// Package remote loads what a message points to on the web — its remote
// pictures — only when the user asks, and only from the public Internet.
//
// Every connection is checked when it is dialled, after DNS has answered,
// so neither a redirect nor a DNS answer that changes between look-ups
// (DNS rebinding) can reach the user's own computer or local network.
package remote
