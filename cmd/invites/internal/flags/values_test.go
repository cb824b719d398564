package flags

import (
	"strings"
	"testing"
	"time"
)

// TestAges checks --older-than's days and weeks against Go durations.
func TestAges(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"30d", 30 * 24 * time.Hour, ""},
		{"2w", 14 * 24 * time.Hour, ""},
		{"36h", 36 * time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"0d", 0, ""},
		{"1.5d", 0, "not an age"},
		{"d", 0, "not an age"},
		{"", 0, "not an age"},
		{"-2w", 0, "must not be negative"},
		{"30days", 0, "not an age"},
		// Longer than a time.Duration holds: never wrapped around.
		{"106751d", 106751 * 24 * time.Hour, ""},
		{"106752d", 0, "too long: at most 106751d"},
		{"213504d", 0, "too long"},
		{"15251w", 0, "too long"},
		{"9223372036854775807w", 0, "too long"},
	} {
		got, err := ParseAge(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("ParseAge(%q) = %v, %v; want %v, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestChoiceSuggests checks that a strict choice refuses a value outside its
// set, naming the set and the closest value.
func TestChoiceSuggests(t *testing.T) {
	t.Parallel()
	var v string
	c := &Choice{Value: &v, Choices: []string{"pending", "accepted", "expired"}, Strict: true}
	for _, tt := range []struct{ in, err string }{
		{"pendng", `must be pending, accepted or expired (did you mean "pending"?)`},
		{"EXPIRED", ""},
		{"gone", "must be pending, accepted or expired"},
	} {
		err := c.Set(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("Set(%q): %q, want %q", tt.in, got, tt.err)
		}
	}
	if v != "expired" {
		t.Errorf("value %q", v)
	}
}
