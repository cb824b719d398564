package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/template"
)

// TemplatePrefix starts the -o value that names a Go text/template, such as
// "template={{range .}}{{.email}}{{end}}": the format Template.
const TemplatePrefix = "template="

// IsTemplate reports whether format is a template, TemplatePrefix and its
// text.
func IsTemplate(format string) bool { return strings.HasPrefix(format, TemplatePrefix) }

// templateFuncs are the helpers a template may call beside text/template's
// own: json writes a value as compact JSON, such as {{json .projects}}.
var templateFuncs = template.FuncMap{
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

// ParseTemplate parses the text of a template format. A field the data
// lacks is an error when the template runs, never "<no value>", so that a
// misspelt field name is found at once.
func ParseTemplate(text string) (*template.Template, error) {
	return template.New("TEXT").Funcs(templateFuncs).Option("missingkey=error").Parse(text)
}

// writeTemplate runs the template of format over doc as -o json would
// write it: the same fields, under their JSON names, with times in RFC 3339,
// UTC, numbers as written, and null as an empty string. Unless toFile, every string is made
// printable first, so that no server text reaches a terminal raw; the
// template's own text is written as it is.
func writeTemplate(w io.Writer, format string, doc any, toFile bool) error {
	t, err := ParseTemplate(strings.TrimPrefix(format, TemplatePrefix))
	if err != nil {
		return templateError(err)
	}
	enc, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(enc))
	dec.UseNumber()
	var data any
	if err := dec.Decode(&data); err != nil {
		return err
	}
	data = templateValues(data, !toFile)
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		return templateError(err)
	}
	_, err = w.Write(out.Bytes())
	return err
}

// templateValues returns v, decoded JSON, with each null an empty string
// (text/template would print "<no value>", as for a field that is not
// there) and, when printable is set, each string, map keys included, made
// printable.
func templateValues(v any, printable bool) any {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if printable {
			return Printable(v)
		}
	case []any:
		for i := range v {
			v[i] = templateValues(v[i], printable)
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if printable {
				k = Printable(k)
			}
			out[k] = templateValues(x, printable)
		}
		return out
	}
	return v
}

// templateError names the flag of a template that fails.
func templateError(err error) error {
	return fmt.Errorf("-o template (--template): %s", strings.TrimPrefix(err.Error(), "template: "))
}
