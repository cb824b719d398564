package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

func TestMain(m *testing.M) {
	// Every client is configured explicitly; none may pick up a key, an
	// address or extra headers from the environment.
	for _, name := range []string{"OPENAI_ADMIN_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
		"OPENAI_PROJECT_ID", "OPENAI_WEBHOOK_SECRET", "OPENAI_CUSTOM_HEADERS"} {
		_ = os.Unsetenv(name)
	}
	os.Exit(m.Run())
}

// memoryBaseURL is the base URL the clients use on the in-memory transport;
// nothing resolves or dials it.
const memoryBaseURL = "https://api.invites.test/v1"

// transport connects a client to a Server.
type transport struct {
	name string
	// setup returns an HTTP client that reaches s, and the base URL to use.
	setup func(tb testing.TB, s *Server) (*http.Client, string)
}

var transports = []transport{
	{"memory", func(_ testing.TB, s *Server) (*http.Client, string) {
		return &http.Client{Transport: s}, memoryBaseURL
	}},
	{"loopback", func(tb testing.TB, s *Server) (*http.Client, string) {
		srv := httptest.NewServer(s)
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tb.Cleanup(func() {
			tr.CloseIdleConnections()
			srv.Close()
		})
		return &http.Client{Transport: tr}, srv.URL + "/v1"
	}},
}

// workload is one thing a client does, timed as one benchmark operation.
type workload struct {
	name string
	run  func(ctx context.Context, ops *Ops) error
	// check runs the workload once and compares what the client decoded with
	// the fixture.
	check func(ctx context.Context, c Contender, ops *Ops) error
}

var workloads = []workload{
	{"get", func(ctx context.Context, o *Ops) error { _, err := o.Get(ctx); return err },
		func(ctx context.Context, _ Contender, o *Ops) error {
			v, err := o.Get(ctx)
			if err != nil {
				return err
			}
			return diff("invite", o.Invite(v), MakeRecord(GetIndex))
		}},
	{"list100", func(ctx context.Context, o *Ops) error { _, err := o.List(ctx); return err },
		func(ctx context.Context, c Contender, o *Ops) error {
			v, err := o.List(ctx)
			if err != nil {
				return err
			}
			want := Page(0, WalkTotal)
			if c.Name == "openai-go" {
				want.FirstID = "" // its page type has no first_id
			}
			return diff("page", o.Page(v), want)
		}},
	{"create", func(ctx context.Context, o *Ops) error { _, err := o.Create(ctx); return err },
		func(ctx context.Context, _ Contender, o *Ops) error {
			v, err := o.Create(ctx)
			if err != nil {
				return err
			}
			return diff("invite", o.Invite(v), MakeRecord(GetIndex))
		}},
	{"delete", func(ctx context.Context, o *Ops) error { _, err := o.Delete(ctx); return err },
		func(ctx context.Context, _ Contender, o *Ops) error {
			v, err := o.Delete(ctx)
			if err != nil {
				return err
			}
			return diff("delete answer", o.Deleted(v), Deleted(DeleteIndex))
		}},
	{"walk10k", func(ctx context.Context, o *Ops) error {
		n, err := o.Walk(ctx, nil)
		if err == nil && n != WalkTotal {
			err = fmt.Errorf("walked %d invites, want %d", n, WalkTotal)
		}
		return err
	}, func(ctx context.Context, _ Contender, o *Ops) error {
		i := 0
		var bad error
		n, err := o.Walk(ctx, func(r Record) {
			if bad == nil {
				bad = diff(fmt.Sprintf("invite %d", i), r, MakeRecord(i))
			}
			i++
		})
		switch {
		case err != nil:
			return err
		case bad != nil:
			return bad
		case n != WalkTotal:
			return fmt.Errorf("walked %d invites, want %d", n, WalkTotal)
		}
		return nil
	}},
}

// diff compares a decoded value with the fixture's.
func diff(what string, got, want any) error {
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s decoded as\n\t%+v\nwant\n\t%+v", what, got, want)
	}
	return nil
}

// canned is made once: encoding the pages of a walk takes a while.
var canned = sync.OnceValue(func() *Canned { return NewCanned(true) })

// setup starts a server on the transport and makes the client, and checks
// that the workload decodes to the fixture's values with every request as
// the API expects it.
func setup(tb testing.TB, tr transport, w workload, c Contender) (*Ops, error) {
	srv := NewServer(canned())
	hc, baseURL := tr.setup(tb, srv)
	ops, err := c.New(hc, baseURL)
	if err != nil {
		return nil, err
	}
	srv.Verify.Store(true)
	err = w.check(context.Background(), c, ops)
	srv.Verify.Store(false)
	if p := srv.Problems(); len(p) > 0 {
		return nil, fmt.Errorf("the server did not expect: %v (client error: %w)", p, err)
	}
	return ops, err
}

// TestVerify checks every client on every workload and transport.
func TestVerify(t *testing.T) {
	for _, tr := range transports {
		for _, w := range workloads {
			for _, c := range Contenders {
				t.Run(fmt.Sprintf("transport=%s/op=%s/client=%s", tr.name, w.name, c.Name), func(t *testing.T) {
					if _, err := setup(t, tr, w, c); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// BenchmarkClients times each client on each workload and transport, after
// checking once that it decodes every field correctly. Names are
// transport=T/op=W/client=C, for benchstat -col /client.
func BenchmarkClients(b *testing.B) {
	for _, tr := range transports {
		for _, w := range workloads {
			for _, c := range Contenders {
				b.Run(fmt.Sprintf("transport=%s/op=%s/client=%s", tr.name, w.name, c.Name), func(b *testing.B) {
					ops, err := setup(b, tr, w, c)
					if err != nil {
						b.Fatal(err)
					}
					ctx := context.Background()
					b.ReportAllocs()
					for b.Loop() {
						if err := w.run(ctx, ops); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// walkHeap walks total invites, generated page by page, and returns the
// largest live heap (after a collection) seen at the start of each page
// request and in the middle of each page, less the live heap before the
// walk: what the walk itself keeps alive.
func walkHeap(c Contender, total int) (uint64, error) {
	srv := NewGeneratingServer(NewCanned(false), total)
	var base, peak uint64
	var ms runtime.MemStats
	// Two collections: the first moves sync.Pool contents to the victim
	// cache, the second frees them.
	sample := func() {
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}
	ops, err := c.New(&http.Client{Transport: srv}, memoryBaseURL)
	if err != nil {
		return 0, err
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base = ms.HeapAlloc
	srv.OnList = sample
	i := 0
	n, err := ops.Walk(context.Background(), func(Record) {
		if i%PageSize == PageSize/2 {
			sample()
		}
		i++
	})
	if err == nil && n != total {
		err = fmt.Errorf("walked %d invites, want %d", n, total)
	}
	if peak < base {
		return 0, err
	}
	return peak - base, err
}

// TestWalkHeap walks 10,000 and 100,000 invites with each client and
// requires package api's peak live heap not to grow with the number of
// invites: only one page is held at a time. With -short only api is walked.
func TestWalkHeap(t *testing.T) {
	t.Logf("live heap kept by the walk, at its peak (after GC)")
	t.Logf("%-10s %11s %11s %7s", "client", "10k (KB)", "100k (KB)", "ratio")
	for _, c := range Contenders {
		if testing.Short() && c.Name != "api" {
			continue
		}
		small, err := walkHeap(c, 10_000)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		large, err := walkHeap(c, 100_000)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		t.Logf("%-10s %11.1f %11.1f %7.2f", c.Name, float64(small)/1024, float64(large)/1024, float64(large)/float64(small))
		if c.Name == "api" && large > small*5/4+16<<10 {
			t.Errorf("api: the walk keeps %d B alive walking 100,000 invites, %d B walking 10,000: it grows with the walk", large, small)
		}
	}
}

// BenchmarkWalkHeap reports, as live-B, the live heap that a walk of 10,000
// and of 100,000 invites keeps at its peak; run it with -benchtime 1x.
func BenchmarkWalkHeap(b *testing.B) {
	for _, c := range Contenders {
		for _, total := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("client=%s/invites=%d", c.Name, total), func(b *testing.B) {
				var live uint64
				for b.Loop() {
					var err error
					if live, err = walkHeap(c, total); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(live), "live-B")
			})
		}
	}
}
