package flags

import (
	"flag"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestAttachedValues parses one-letter flags with their values attached:
// -n2 and -ojson set the values, a one-letter flag that takes no value and
// words after "--" are left alone.
func TestAttachedValues(t *testing.T) {
	t.Parallel()
	type parsed struct {
		N          int
		Output     string
		Yes        bool
		Positional []string
		Err        string
	}
	parse := func(args ...string) parsed {
		fs := New("test")
		var p parsed
		fs.IntVar(&p.N, "limit", 20, "")
		Alias(fs, "limit", "n")
		fs.StringVar(&p.Output, "output", "", "")
		Alias(fs, "output", "o")
		fs.BoolVar(&p.Yes, "yes", false, "")
		Alias(fs, "yes", "y")
		pos, err := ParseInterspersed(fs, args)
		p.Positional = pos
		if err != nil {
			p.Err = err.Error()
		}
		return p
	}
	difftest.Check(t, "-n2 -ojson", parse("-n2", "x", "-ojson"), parsed{N: 2, Output: "json", Positional: []string{"x"}})
	difftest.Check(t, "-n=3 -o csv", parse("-n=3", "-o", "csv"), parsed{N: 3, Output: "csv"})
	difftest.Check(t, "-- -n2", parse("--", "-n2"), parsed{N: 20, Positional: []string{"-n2"}})
	difftest.Check(t, "-yes", parse("-yes"), parsed{N: 20, Yes: true})
	difftest.Check(t, "-yx", parse("-yx"), parsed{N: 20, Err: "unknown flag -yx (did you mean -y?)"})
	difftest.Check(t, "-yn2", parse("-yn2"), parsed{N: 20, Err: "unknown flag -yn2"})
	difftest.Check(t, "--yx", parse("--yx"), parsed{N: 20, Err: "unknown flag --yx (did you mean -y?)"})
	difftest.Check(t, "-nx", parse("-nx"), parsed{Err: `invalid value "x" for flag -n: parse error`})
}

// TestPrintFlags lists a flag with its one-letter form once.
func TestPrintFlags(t *testing.T) {
	t.Parallel()
	fs := New("test")
	fs.String("output", "", "print `FORMAT`")
	Alias(fs, "output", "o")
	fs.Duration("timeout", 0, "wait")
	_ = fs.Set("timeout", "720h")
	fs.Lookup("timeout").DefValue = "720h0m0s"
	var b stringsBuilder
	PrintFlags(&b, fs)
	difftest.Check(t, "flags", b.String(), "  -o, --output FORMAT     print FORMAT\n      --timeout DURATION  wait (default 720h)\n")
}

type stringsBuilder struct{ b []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) { s.b = append(s.b, p...); return len(p), nil }
func (s *stringsBuilder) String() string              { return string(s.b) }

var _ = flag.ErrHelp
