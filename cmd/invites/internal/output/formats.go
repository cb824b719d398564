package output

import "time"

// Formats of -o/--output.
const (
	Table = "table"
	JSON  = "json"
	JSONL = "jsonl"
	CSV   = "csv"
	IDs   = "ids"
)

// Formats lists the formats, for the flag and for completion.
var Formats = []string{Table, JSON, JSONL, CSV, IDs}

// Choose returns the format that -o names or, without -o, a table when
// stdout is a terminal and else fallback, the command's format for pipes
// and files.
func Choose(flag string, stdoutTerminal bool, fallback string) string {
	switch {
	case flag != "":
		return flag
	case stdoutTerminal:
		return Table
	}
	return fallback
}

// MachineTime is how every machine format writes a time.
const MachineTime = time.RFC3339

// TableTime is how tables write a time, in the zone of the table.
const TableTime = "2006-01-02 15:04 MST"
