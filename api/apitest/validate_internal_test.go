package apitest

import "testing"

func TestFieldPath(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"role"}, "role"},
		{[]string{"projects", "0", "role"}, "projects[0].role"},
		{[]string{"0"}, "[0]"},
	} {
		if got := fieldPath(tt.in); got != tt.want {
			t.Errorf("fieldPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
