package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

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

// Options say how Write writes rows.
type Options struct {
	// Local is the time zone of tables; nil means UTC.
	Local *time.Location
	// Document, when not nil, is what -o json writes instead of the array
	// of the records.
	Document any
	// ToFile says the output is a file: otherwise, control characters in
	// CSV and ids are shown escaped.
	ToFile bool
	// Width is the terminal's width, which a table is made to fit by
	// cutting its longest cells; 0 means no limit.
	Width int
}

// Write writes rows in format: an aligned table (nothing when there are no
// rows), JSON, JSON Lines, CSV, the invite ids, one a line, or a template's
// text over what JSON would write. CSV cells,
// the header's included, are neutralised so that a spreadsheet never runs
// one as a formula.
func Write(w io.Writer, format string, r *Rows, o Options) error {
	if IsTemplate(format) {
		doc := o.Document
		if doc == nil {
			doc = r.Objects()
		}
		return writeTemplate(w, format, doc, o.ToFile)
	}
	safe := func(s string) string {
		if o.ToFile {
			return s
		}
		return Printable(s)
	}
	switch format {
	case Table:
		return writeTable(w, r, o.Local, o.Width)
	case JSON:
		doc := o.Document
		if doc == nil {
			doc = r.Objects()
		}
		return WriteJSON(w, doc, "  ")
	case JSONL:
		for _, obj := range r.Objects() {
			if err := WriteJSON(w, obj, ""); err != nil {
				return err
			}
		}
		return nil
	case IDs:
		var b strings.Builder
		for _, id := range r.IDs() {
			b.WriteString(safe(id) + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	cw := csv.NewWriter(w)
	header := make([]string, len(r.Columns))
	for i, name := range r.Columns {
		header[i] = Neutralise(safe(name))
	}
	_ = cw.Write(header)
	for _, rec := range r.Records {
		values := rec.Values()
		cells := make([]string, len(values))
		for i, v := range values {
			cells[i] = Neutralise(safe(Text(v, nil)))
		}
		_ = cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}

// Text writes a value as a table shows it, with times in loc, or, with a
// nil loc, as CSV does, with times in RFC 3339, UTC; "" for no value.
func Text(v any, loc *time.Location) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case time.Time:
		switch {
		case v.IsZero():
			return ""
		case loc == nil:
			return v.UTC().Format(MachineTime)
		}
		return v.In(loc).Format(TableTime)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}
