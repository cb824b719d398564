// Package timestamp holds UnixTime, the type of the API's timestamps in the
// generated code. Package api re-exports it as api.UnixTime; import that.
package timestamp

import "time"

// UnixTime is a point in time as the API sends it: whole seconds since
// 1970-01-01 UTC. Its JSON is the plain integer, exactly as the API sends
// it; Time converts it to a time.Time.
type UnixTime int64

// Time returns t as a time.Time in UTC. Call In or Local on the result for
// another zone.
func (t UnixTime) Time() time.Time { return time.Unix(int64(t), 0).UTC() }
