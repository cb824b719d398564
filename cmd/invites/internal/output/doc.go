// Package output writes what the invites CLI prints: rows as a table that
// fits the terminal, JSON, JSON Lines, CSV or ids; text made safe for a
// terminal; and CSV cells that a spreadsheet never runs as formulas. It
// knows no command: a command hands it columns and records.
package output
