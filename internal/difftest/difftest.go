// Package difftest shows how two values differ, for tests that compare a
// whole value against a want: Diff renders both as indented text, one field
// or element a line, and lists the lines that differ.
package difftest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Check fails t unless got and want are deeply equal, with the lines that
// differ: "- " for want, "+ " for got.
func Check(t testing.TB, what string, got, want any) {
	t.Helper()
	if d := Diff(want, got); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", what, d)
	}
}

// Text returns "" when two texts are equal, else their lines after the
// longest common subsequence: "  " for both, "- " for want, "+ " for got.
func Text(want, got string) string {
	if want == got {
		return ""
	}
	split := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
	return lineDiff(split(want), split(got))
}

// Diff returns "" when got and want are deeply equal, else the lines of
// their text forms that differ: "- " for want, "+ " for got.
func Diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	w, g := lines(want), lines(got)
	if slices.Equal(w, g) {
		return fmt.Sprintf("- %#v\n+ %#v\n", want, got)
	}
	return lineDiff(w, g)
}

// lines renders v as indented text, one field, element or map entry a line.
func lines(v any) []string {
	var b strings.Builder
	render(&b, reflect.ValueOf(v), 0)
	return strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
}

func render(b *strings.Builder, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	if !v.IsValid() {
		b.WriteString("nil\n")
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		if v.Kind() == reflect.Pointer {
			b.WriteString("&")
		}
		render(b, v.Elem(), depth)
	case reflect.Struct:
		b.WriteString(v.Type().String() + "{\n")
		for i := range v.NumField() {
			b.WriteString(indent + "  " + v.Type().Field(i).Name + ": ")
			render(b, v.Field(i), depth+1)
		}
		b.WriteString(indent + "}\n")
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			fmt.Fprintf(b, "%q\n", v.Bytes())
			return
		}
		b.WriteString("[\n")
		for i := range v.Len() {
			b.WriteString(indent + "  ")
			render(b, v.Index(i), depth+1)
		}
		b.WriteString(indent + "]\n")
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil\n")
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		})
		b.WriteString("{\n")
		for _, k := range keys {
			fmt.Fprintf(b, "%s  %#v: ", indent, k.Interface())
			render(b, v.MapIndex(k), depth+1)
		}
		b.WriteString(indent + "}\n")
	default:
		if v.CanInterface() {
			fmt.Fprintf(b, "%#v\n", v.Interface())
			return
		}
		fmt.Fprintf(b, "%v\n", v)
	}
}

// lineDiff lists the lines that differ between two texts, in order, after
// their longest common subsequence.
func lineDiff(a, b []string) string {
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out.WriteString("  " + a[i] + "\n")
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			out.WriteString("- " + a[i] + "\n")
			i++
		default:
			out.WriteString("+ " + b[j] + "\n")
			j++
		}
	}
	return out.String()
}
