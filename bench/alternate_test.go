package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAlternate times clients against one another in one process, on the
// in-memory transport, in short turns: in each round every client runs one
// workload for about BENCH_TURN (default 20ms), in an order that rotates
// from round to round, after a garbage collection so that no turn pays for
// the garbage of the one before. On a machine that other work shares, a
// slow spell then lasts longer than a round, and the ratios of the clients
// within a round hold where the times of separate processes, seconds apart,
// do not. It runs only when BENCH_ALTERNATE names the clients, the floor
// first:
//
//	BENCH_ALTERNATE="baseline before api gen openai-go" BENCH_ROUNDS=60 \
//		go test -run '^TestAlternate$' -v .
//
// BENCH_OPS names the workloads (default: all of them), BENCH_ROUNDS the
// rounds (default 40). It logs, for each workload and client, the median time
// of an operation, its allocations, the ratio of its median to the floor's,
// the median and middle half of its ratios to the floor within each round,
// and how many times faster it is than openai-go, if that is one of them.
func TestAlternate(t *testing.T) {
	names := strings.Fields(os.Getenv("BENCH_ALTERNATE"))
	if len(names) == 0 {
		t.Skip("BENCH_ALTERNATE names no clients")
	}
	rounds := 40
	if s := os.Getenv("BENCH_ROUNDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("BENCH_ROUNDS=%q is not a number of rounds", s)
		}
		rounds = n
	}
	turn := 20 * time.Millisecond
	if s := os.Getenv("BENCH_TURN"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			t.Fatalf("BENCH_TURN=%q is not a duration", s)
		}
		turn = d
	}
	ops := strings.Fields(os.Getenv("BENCH_OPS"))
	for _, w := range workloads {
		if len(ops) == 0 || slices.Contains(ops, w.name) {
			alternate(t, w, names, rounds, turn)
		}
	}
}

// turnTimes is one client's part of an alternation: its operations per
// turn, and the time of an operation in each round.
type turnTimes struct {
	name   string
	ops    *Ops
	n      int
	allocs float64
	ns     []float64
}

// alternate runs workload w for the named clients, rounds times, and logs
// the table that TestAlternate describes.
func alternate(t *testing.T, w workload, names []string, rounds int, turn time.Duration) {
	ctx := context.Background()
	var cs []*turnTimes
	for _, name := range names {
		i := slices.IndexFunc(Contenders, func(c Contender) bool { return c.Name == name })
		if i < 0 {
			t.Fatalf("no client %q", name)
		}
		ops, err := setup(t, transports[0], w, Contenders[i])
		if err != nil {
			t.Fatalf("%s on %s: %v", name, w.name, err)
		}
		c := &turnTimes{name: name, ops: ops}
		for start := time.Now(); time.Since(start) < turn; c.n++ {
			if err := w.run(ctx, ops); err != nil {
				t.Fatal(err)
			}
		}
		c.allocs = testing.AllocsPerRun(10, func() { _ = w.run(ctx, ops) })
		cs = append(cs, c)
	}
	for r := range rounds {
		for k := range cs {
			c := cs[(r+k)%len(cs)]
			runtime.GC()
			start := time.Now()
			for range c.n {
				if err := w.run(ctx, c.ops); err != nil {
					t.Fatal(err)
				}
			}
			c.ns = append(c.ns, float64(time.Since(start).Nanoseconds())/float64(c.n))
		}
	}

	floor := cs[0]
	oai := slices.IndexFunc(cs, func(c *turnTimes) bool { return c.name == "openai-go" })
	var b strings.Builder
	fmt.Fprintf(&b, "%s, in memory, %d rounds: median time of an operation, allocations, ÷ %s (ratio of medians [median and middle half of the ratios in each round])", w.name, rounds, floor.name)
	if oai >= 0 {
		b.WriteString(", openai-go ÷ client")
	}
	for _, c := range cs {
		per := make([]float64, rounds)
		for r := range per {
			per[r] = c.ns[r] / floor.ns[r]
		}
		fmt.Fprintf(&b, "\n  %-12s %12.2f µs %7.0f allocs  %.2f× [%.2f×, %.2f–%.2f]", c.name, median(c.ns)/1e3, c.allocs,
			median(c.ns)/median(floor.ns), median(per), quantile(per, 0.25), quantile(per, 0.75))
		if oai >= 0 && c != cs[oai] {
			fmt.Fprintf(&b, "  %.2f×", median(cs[oai].ns)/median(c.ns))
		}
	}
	t.Log(b.String())
}

// median returns the median of xs.
func median(xs []float64) float64 { return quantile(xs, 0.5) }

// quantile returns the q-quantile of xs, interpolated between the two
// nearest values.
func quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}
