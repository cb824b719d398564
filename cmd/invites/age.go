package main

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// age is a flag for an age: a number of days (30d) or weeks (2w), or a Go
// duration (36h, 90m). It keeps the text given, for messages.
type age struct {
	d    time.Duration
	text string
}

func (a *age) String() string {
	if a == nil {
		return ""
	}
	return a.text
}

func (a *age) Set(s string) error {
	d, err := parseAge(s)
	if err != nil {
		return err
	}
	a.d, a.text = d, strings.TrimSpace(s)
	return nil
}

// errAge says how to write an age.
var errAge = errors.New("not an age: write days (30d), weeks (2w) or a duration (36h)")

// parseAge reads an age: a whole number of days or weeks (30d, 2w), or a Go
// duration (36h). It must not be negative.
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		days, err := strconv.Atoi(s[:n-1])
		if err != nil {
			return 0, errAge
		}
		if s[n-1] == 'w' {
			days *= 7
		}
		d = time.Duration(days) * 24 * time.Hour
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
