package flags

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// Choice is a string flag with a known set of values, which completion
// offers. A strict choice refuses other values, suggesting the closest one;
// a lenient one leaves the check to the SDK, whose rules then name the
// field.
type Choice struct {
	Value   *string
	Choices []string
	Strict  bool
	// Other, when set, is asked first about every value: it reports whether
	// the value is one it takes (such as -o template=TEXT), and why not
	// when it is one of its own but bad. Values it takes are kept as given.
	Other func(s string) (ok bool, err error)
}

func (c *Choice) String() string {
	if c == nil || c.Value == nil {
		return ""
	}
	return *c.Value
}

// Set sets the value, or refuses one outside the choices of a strict
// Choice.
func (c *Choice) Set(s string) error {
	if c.Other != nil {
		ok, err := c.Other(s)
		if err != nil {
			return err
		}
		if ok {
			*c.Value = s
			return nil
		}
	}
	if c.Strict {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(c.Choices, s) {
			msg := "must be " + output.OrList(c.Choices)
			if near := Suggest(s, c.Choices); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return errors.New(msg)
		}
	}
	*c.Value = s
	return nil
}

// StringList is a flag that may be repeated, collecting its values.
type StringList []string

func (s *StringList) String() string { return strings.Join(*s, ",") }

// Set adds a value.
func (s *StringList) Set(v string) error { *s = append(*s, v); return nil }

// OptionalInt is an int flag that knows whether it was given.
type OptionalInt struct {
	Value int
	IsSet bool
}

func (o *OptionalInt) String() string {
	if o == nil || !o.IsSet {
		return ""
	}
	return strconv.Itoa(o.Value)
}

// Set reads a whole number.
func (o *OptionalInt) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", s)
	}
	o.Value, o.IsSet = v, true
	return nil
}

// Age is a flag for an age: a number of days (30d) or weeks (2w), or a Go
// duration (36h, 90m). It keeps the text given, for messages.
type Age struct {
	D    time.Duration
	text string
}

func (a *Age) String() string {
	if a == nil {
		return ""
	}
	return a.text
}

// Set reads an age.
func (a *Age) Set(s string) error {
	d, err := ParseAge(s)
	if err != nil {
		return err
	}
	a.D, a.text = d, strings.TrimSpace(s)
	return nil
}

// errAge says how to write an age.
var errAge = errors.New("not an age: write days (30d), weeks (2w) or a duration (36h)")

// maxAgeDays is the longest age in days that a time.Duration holds: about
// 292 years.
const maxAgeDays = int(math.MaxInt64 / int64(24*time.Hour))

// ParseAge reads an age: a whole number of days or weeks (30d, 2w), or a Go
// duration (36h). It must not be negative, nor longer than maxAgeDays: a
// longer one would wrap around to an age that every invite has.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		count, err := strconv.Atoi(s[:n-1])
		if err != nil {
			return 0, errAge
		}
		perUnit := 1
		if s[n-1] == 'w' {
			perUnit = 7
		}
		if count > maxAgeDays/perUnit {
			return 0, fmt.Errorf("too long: at most %dd (about 292 years)", maxAgeDays)
		}
		d = time.Duration(count*perUnit) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, errAge
		}
	}
	if d < 0 {
		return 0, errors.New("must not be negative")
	}
	return d, nil
}
