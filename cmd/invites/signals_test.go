package main

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestStopper plays signals to the stopper on a driven clock: once a hard
// stop comes while a results file is held, further signals change nothing
// until it is released (or recordGrace passes); without a hold, the signals'
// default action is back at once.
func TestStopper(t *testing.T) {
	t.Parallel()
	hup, term := syscall.SIGHUP, syscall.SIGTERM
	type step struct {
		sig     os.Signal     // a signal; nil for the step below
		hold    bool          // take a hold
		release bool          // release the hold
		wait    time.Duration // let the clock run
	}
	for _, tt := range []struct {
		name  string
		steps []step
		want  string
	}{
		{"ctrl-c twice", []step{{sig: os.Interrupt}, {sig: os.Interrupt}}, "soft hard reset"},
		{"sigterm", []step{{sig: term}}, "hard reset"},
		{"a hangup while results are held", []step{{hold: true}, {sig: hup}, {sig: hup}, {sig: term}, {sig: os.Interrupt}, {release: true}}, "hard reset"},
		{"ctrl-c twice, then more, while held", []step{{hold: true}, {sig: os.Interrupt}, {sig: os.Interrupt}, {sig: os.Interrupt}, {sig: hup}, {release: true}, {sig: os.Interrupt}}, "soft hard reset reset kill:interrupt"},
		{"a hold that never ends", []step{{hold: true}, {sig: hup}, {wait: recordGrace - time.Millisecond}, {sig: hup}, {wait: time.Millisecond}, {sig: hup}}, "hard reset kill:hangup"},
		{"a signal after the release", []step{{hold: true}, {sig: term}, {release: true}, {sig: term}}, "hard reset reset kill:terminated"},
		{"released before any stop", []step{{hold: true}, {release: true}, {sig: os.Interrupt}, {sig: term}}, "soft hard reset"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var log []string
			now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			s := &stopper{
				stopSoft: func() { log = append(log, "soft") },
				stopHard: func() { log = append(log, "hard") },
				reset:    func() { log = append(log, "reset") },
				kill:     func(sig os.Signal) { log = append(log, "kill:"+sig.String()) },
				now:      func() time.Time { return now },
			}
			var release func()
			for _, st := range tt.steps {
				switch {
				case st.sig != nil:
					s.handle(st.sig)
				case st.hold:
					release = s.hold()
				case st.release:
					release()
					release() // a second call changes nothing
				default:
					now = now.Add(st.wait)
				}
			}
			difftest.Check(t, tt.name, strings.Join(log, " "), tt.want)
		})
	}
}
