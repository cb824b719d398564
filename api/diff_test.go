package api_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// check fails the test unless got equals want (reflect.DeepEqual), listing
// each field or element that differs with both values.
func check(t testing.TB, what string, got, want any) {
	t.Helper()
	if d := diff(got, want); d != "" {
		t.Errorf("%s differs:%s", what, d)
	}
}

// diff returns "" when got and want are deeply equal, else one line per
// difference, walking into structs, slices, arrays and pointers: the path
// (such as ".Projects[1].Role"), the value got and the value wanted.
func diff(got, want any) string {
	var b strings.Builder
	diffValues(&b, "", reflect.ValueOf(got), reflect.ValueOf(want))
	return b.String()
}

func diffValues(b *strings.Builder, path string, got, want reflect.Value) {
	if got.IsValid() && want.IsValid() && got.Type() == want.Type() {
		switch got.Kind() {
		case reflect.Struct:
			for i := range got.NumField() {
				diffValues(b, path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))
			}
			return
		case reflect.Slice, reflect.Array:
			if got.Kind() == reflect.Array || got.Len() == want.Len() && got.IsNil() == want.IsNil() {
				for i := range got.Len() {
					diffValues(b, fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i))
				}
				return
			}
		case reflect.Pointer:
			if !got.IsNil() && !want.IsNil() {
				diffValues(b, path, got.Elem(), want.Elem())
				return
			}
		}
	}
	if equal(got, want) {
		return
	}
	if path == "" {
		path = "value"
	}
	fmt.Fprintf(b, "\n\t%s: got %s, want %s", path, show(got), show(want))
}

// equal compares two values that diffValues does not walk into.
func equal(got, want reflect.Value) bool {
	if !got.IsValid() || !want.IsValid() {
		return got.IsValid() == want.IsValid()
	}
	if got.CanInterface() && want.CanInterface() {
		return reflect.DeepEqual(got.Interface(), want.Interface())
	}
	return show(got) == show(want) // unexported fields
}

// show prints a value, and what a pointer points to.
func show(v reflect.Value) string {
	switch {
	case !v.IsValid():
		return "<nil>"
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil():
		return "nil"
	case v.Kind() == reflect.Pointer && !v.IsNil():
		return "&" + show(v.Elem())
	case v.Kind() == reflect.String:
		return fmt.Sprintf("%q", v.String())
	}
	return fmt.Sprintf("%+v", v)
}

func TestDiff(t *testing.T) {
	t.Parallel()
	type inner struct{ ID, Role string }
	type outer struct {
		N     int
		P     *string
		Items []inner
	}
	a, b := "a", "b"
	tests := []struct {
		got, want any
		diff      string
	}{
		{outer{1, &a, []inner{{"x", "r"}}}, outer{1, &a, []inner{{"x", "r"}}}, ""},
		{outer{1, &a, []inner{{"x", "r"}}}, outer{2, &b, []inner{{"x", "w"}}},
			"\n\t.N: got 1, want 2\n\t.P: got \"a\", want \"b\"\n\t.Items[0].Role: got \"r\", want \"w\""},
		{outer{Items: []inner{}}, outer{}, "\n\t.Items: got [], want nil"},
		{[]string{"a"}, []string{"a", "b"}, "\n\tvalue: got [a], want [a b]"},
		{(*string)(nil), &a, "\n\tvalue: got <nil>, want &\"a\""},
	}
	for _, tt := range tests {
		if got := diff(tt.got, tt.want); got != tt.diff {
			t.Errorf("diff(%+v, %+v) = %q, want %q", tt.got, tt.want, got, tt.diff)
		}
	}
}
