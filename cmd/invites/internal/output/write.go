package output

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

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

// WriteJSONWithRows writes doc as indented JSON, as WriteJSON does, with
// the records of r as the array of its last field, one record at a time, so
// that a long document is never held in memory whole. doc must marshal with
// that field last, as an empty array.
func WriteJSONWithRows(w io.Writer, doc any, r *Rows) error {
	var head bytes.Buffer
	if err := WriteJSON(&head, doc, "  "); err != nil {
		return err
	}
	const emptyTail = "[]\n}\n"
	b := head.Bytes()
	if !bytes.HasSuffix(b, []byte(emptyTail)) {
		return fmt.Errorf("the document's last field is not an empty array")
	}
	if len(r.Records) == 0 {
		_, err := w.Write(b)
		return err
	}
	bw := bufio.NewWriter(w)
	_, _ = bw.Write(b[:len(b)-len(emptyTail)])
	_, _ = bw.WriteString("[\n")
	for i, rec := range r.Records {
		var obj bytes.Buffer
		enc := json.NewEncoder(&obj)
		enc.SetEscapeHTML(false)
		enc.SetIndent("    ", "  ")
		if err := enc.Encode(Object{Keys: r.Columns, Values: rec.Values()}); err != nil {
			return err
		}
		_, _ = bw.WriteString("    ")
		_, _ = bw.Write(escapeJSON(bytes.TrimSuffix(obj.Bytes(), []byte("\n"))))
		if i < len(r.Records)-1 {
			_ = bw.WriteByte(',')
		}
		_ = bw.WriteByte('\n')
	}
	_, _ = bw.WriteString("  ]\n}\n")
	return bw.Flush()
}
