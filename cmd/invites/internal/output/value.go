package output

import (
	"fmt"
	"strconv"
	"time"
)

// Text writes a value as a table shows it, with times in loc, or, with a
// nil loc, as CSV does, with times in RFC 3339, UTC; "" for no value.
func Text(v any, loc *time.Location) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case time.Time:
		switch {
		case v.IsZero():
			return ""
		case loc == nil:
			return v.UTC().Format(MachineTime)
		}
		return v.In(loc).Format(TableTime)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}
