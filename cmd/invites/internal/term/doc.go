// Package term tells what the invites CLI needs to know of a terminal:
// whether a file is one, how wide it is, and when it is resized.
package term
