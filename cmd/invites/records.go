package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// Output formats of -o/--output.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatJSONL = "jsonl"
	formatCSV   = "csv"
	formatIDs   = "ids"
)

// outputFormat returns the format that -o names or, without -o, a table
// when stdout is a terminal and else fallback, the command's format for
// pipes and files.
func (c *cli) outputFormat(fallback string) string {
	switch {
	case c.global.output != "":
		return c.global.output
	case c.stdoutTerminal:
		return formatTable
	}
	return fallback
}

// outputFormats lists the formats, for the flag and for completion.
var outputFormats = []string{formatTable, formatJSON, formatJSONL, formatCSV, formatIDs}

// machineTime is how every machine format writes a time.
const machineTime = time.RFC3339

// tableTime is how tables write a time, in the zone of the table.
const tableTime = "2006-01-02 15:04 MST"

// record is one row of output: its values, in the order of its columns.
// A value is a string, an int, a time.Time (the zero time for none) or a
// list of projects.
type record interface {
	values() []any
}

// rows is what a command prints: the names of its columns, which are also
// the field names of json, jsonl and csv, and its records.
type rows struct {
	columns []string
	records []record
}

// ids returns the invite id of each record: its outputID when it has one,
// else its column id or invite_id, leaving out records without one.
func (r *rows) ids() []string {
	col := slices.IndexFunc(r.columns, func(name string) bool { return name == "id" || name == "invite_id" })
	var ids []string
	for _, rec := range r.records {
		var id string
		if o, ok := rec.(interface{ outputID() string }); ok {
			id = o.outputID()
		} else {
			id, _ = rec.values()[col].(string)
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// objects returns the records as JSON objects with their fields in column
// order.
func (r *rows) objects() []jsonObject {
	out := make([]jsonObject, len(r.records))
	for i, rec := range r.records {
		out[i] = jsonObject{keys: r.columns, values: rec.values()}
	}
	return out
}

// writeRows writes rows in format: an aligned table with times in loc
// (nothing when there are no rows),
// JSON (document, when not nil, else an array of the records), JSON Lines,
// CSV or the invite ids, one a line. toFile says the output is a file:
// otherwise, control characters in CSV and ids are shown escaped. CSV cells
// are neutralised so that a spreadsheet never runs one as a formula.
func writeRows(w io.Writer, format string, r *rows, loc *time.Location, document any, toFile bool) error {
	safe := func(s string) string {
		if toFile {
			return s
		}
		return printable(s)
	}
	switch format {
	case formatTable:
		if len(r.records) == 0 {
			return nil // stderr says there is nothing
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		header := make([]string, len(r.columns))
		for i, name := range r.columns {
			header[i] = strings.ToUpper(strings.ReplaceAll(name, "_", " "))
		}
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, rec := range r.records {
			values := rec.values()
			cells := make([]string, len(values))
			for i, v := range values {
				cells[i] = printable(orDash(textValue(v, loc)))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		return tw.Flush()
	case formatJSON:
		if document == nil {
			document = r.objects()
		}
		return writeJSON(w, document, "  ")
	case formatJSONL:
		for _, obj := range r.objects() {
			if err := writeJSON(w, obj, ""); err != nil {
				return err
			}
		}
		return nil
	case formatIDs:
		var b strings.Builder
		for _, id := range r.ids() {
			b.WriteString(safe(id) + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(r.columns)
	for _, rec := range r.records {
		values := rec.values()
		cells := make([]string, len(values))
		for i, v := range values {
			cells[i] = neutraliseCell(safe(textValue(v, nil)))
		}
		_ = cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}

// textValue writes a value as a table shows it, with times in loc, or, with
// a nil loc, as CSV does, with times in RFC 3339, UTC; "" for no value.
func textValue(v any, loc *time.Location) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case time.Time:
		switch {
		case v.IsZero():
			return ""
		case loc == nil:
			return v.UTC().Format(machineTime)
		}
		return v.In(loc).Format(tableTime)
	case []api.Project:
		return formatProjects(v)
	}
	return fmt.Sprint(v)
}

// jsonObject is a JSON object whose fields keep the order of keys.
type jsonObject struct {
	keys   []string
	values []any
}

// MarshalJSON writes the object: times in RFC 3339, UTC (null for none),
// projects as an array of {id, role} (null for an import row without a
// projects cell, which joins the default project).
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, key := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		v := o.values[i]
		if t, ok := v.(time.Time); ok {
			v = nil
			if !t.IsZero() {
				v = t.UTC().Format(machineTime)
			}
		}
		enc, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(enc)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// unixTime is an API timestamp as a time; the zero time for none. It is the
// one place that knows how the SDK gives timestamps.
func unixTime(unix *api.UnixTime) time.Time {
	if unix == nil {
		return time.Time{}
	}
	return unix.Time()
}

// inviteColumns are the fields of an invite in every format.
var inviteColumns = []string{"id", "email", "role", "status", "created_at", "expires_at", "accepted_at", "projects"}

// inviteRecord is an invite as a record.
type inviteRecord struct{ inv *api.Invite }

func (r inviteRecord) values() []any {
	inv := r.inv
	return []any{inv.ID, inv.Email, string(inv.Role), string(inv.Status),
		unixTime(&inv.CreatedAt), unixTime(inv.ExpiresAt), unixTime(inv.AcceptedAt), inv.Projects}
}

// inviteRows returns invites as rows.
func inviteRows(invites []api.Invite) *rows {
	r := &rows{columns: inviteColumns}
	for i := range invites {
		r.records = append(r.records, inviteRecord{&invites[i]})
	}
	return r
}
