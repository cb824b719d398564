package output

import "slices"

// Record is one row of output: its values, in the order of its columns. A
// value is a string, an int, a time.Time (the zero time for none), or a
// value with a String method, such as the command's list of projects,
// which a table and csv write as its String says and json as
// encoding/json does.
type Record interface {
	Values() []any
}

// Identified is a record whose -o ids line is its own choice, such as a
// delete's result, which prints the id only when the invite was revoked.
type Identified interface {
	OutputID() string
}

// Rows is what a command prints: the names of its columns, which are also
// the field names of json, jsonl and csv, and its records.
type Rows struct {
	Columns []string
	Records []Record
	// Layout says how a table of the rows gives way when it is wider than
	// the terminal.
	Layout Layout
}

// IDs returns the invite id of each record: its OutputID when it has one,
// else its column id or invite_id, leaving out records without one.
func (r *Rows) IDs() []string {
	col := slices.IndexFunc(r.Columns, func(name string) bool { return name == "id" || name == "invite_id" })
	var ids []string
	for _, rec := range r.Records {
		var id string
		if o, ok := rec.(Identified); ok {
			id = o.OutputID()
		} else if col >= 0 {
			id, _ = rec.Values()[col].(string)
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// Objects returns the records as JSON objects with their fields in column
// order.
func (r *Rows) Objects() []Object {
	out := make([]Object, len(r.Records))
	for i, rec := range r.Records {
		out[i] = Object{Keys: r.Columns, Values: rec.Values()}
	}
	return out
}
