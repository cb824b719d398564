// Package durationtext writes durations for people: as time.Duration's
// String does, without the zero units it adds after the largest one.
package durationtext

import (
	"strings"
	"time"
)

// Short writes d as time.Duration's String does, without the trailing zero
// units: 1m rather than 1m0s, 720h rather than 720h0m0s, 1h30m rather than
// 1h30m0s. It reads back with time.ParseDuration.
func Short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
