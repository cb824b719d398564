// Package flags parses the invites CLI's command lines on top of the
// standard library's flag package: flags anywhere among the arguments,
// one-letter forms that take attached values (-n2, -ojson), errors that
// spell flags as the help does and suggest the closest flag or value, flag
// values with a known set of choices, and the aligned flag list of a help
// page. It knows no command.
package flags
