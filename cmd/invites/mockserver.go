package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

var mockServerCommand = &command{
	name:    "mock-server",
	args:    "[flags]",
	summary: "run the spec-validating fake as a local server",
	help: `
Run apitest, the SDK's spec-validating fake of the invites API, as a server
that any client, in any language, can be tested against. It keeps invites in
memory, starts with sample invites made from --seed, prints its base URL and
the admin key it accepts, logs each request on stderr, and stops cleanly on
Ctrl-C. It warns when --addr is not loopback. --fault SPEC injects a fault:
"[METHOD] [PATH] [STATUS] [xN] [key=value ...]", such as 503 x2
retry-after-ms=200, latency=2s, drop=before-headers or body=not-json.
--rate-limit SPEC limits requests as the service does ("7/min", or
"POST /organization/invites=7/min,bucket,hints=headers").`,
	doc: "mock-server",
	example: `
invites mock-server --addr 127.0.0.1:4010 --seed 7
export OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_ADMIN_KEY=sk-admin-apitest-0000000000000000
invites mock-server --fault "POST /organization/invites 503 x2 retry-after-ms=200"
invites mock-server --rate-limit "POST /organization/invites=7/min"`,
	offline: true,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &mockServerOptions{}
		fs.StringVar(&o.addr, "addr", "127.0.0.1:4010", "listen on this `address`; port 0 picks a free one")
		fs.Int64Var(&o.seed, "seed", 0, "make the sample invites and new invite ids from seed `N`")
		fs.IntVar(&o.samples, "samples", mockSamples, "start with `N` sample invites")
		fs.BoolVar(&o.quiet, "quiet", false, "do not log requests")
		fs.Var(&o.faults, "fault", "inject a fault described by `SPEC` (see above); repeatable")
		fs.BoolVar(&o.ignoreIdempotency, "ignore-idempotency", false, "ignore Idempotency-Key, as a service may")
		fs.BoolVar(&o.sparsePages, "sparse-pages", false, "cut pages before dropping revoked invites, as the service may")
		fs.Var(&o.rateLimits, "rate-limit", "limit requests as `SPEC` says (see above); repeatable")
		return o.run
	},
}

type mockServerOptions struct {
	addr    string
	seed    int64
	samples int
	quiet   bool
	faults  flags.StringList
	// ignoreIdempotency and sparsePages turn on the service's quirks.
	ignoreIdempotency, sparsePages bool
	// rateLimits are the --rate-limit specs.
	rateLimits flags.StringList
}

// parseFaults reads the --fault specs in apitest's text form.
func parseFaults(specs []string) ([]apitest.Fault, error) {
	faults := make([]apitest.Fault, 0, len(specs))
	for _, spec := range specs {
		f, err := apitest.ParseFault(spec)
		if err != nil {
			return nil, usageErrorf("--fault %q: %v (see 'invites mock-server --help')", spec, err)
		}
		faults = append(faults, f)
	}
	return faults, nil
}

// parseRateLimits reads the --rate-limit specs in apitest's text form: at
// most one for each endpoint, and at most one default.
func parseRateLimits(specs []string) ([]apitest.RateLimit, error) {
	limits := make([]apitest.RateLimit, 0, len(specs))
	given := map[string]string{} // the spec that limits each endpoint ("" for the default)
	for _, spec := range specs {
		l, err := apitest.ParseRateLimit(spec)
		if err != nil {
			return nil, usageErrorf("--rate-limit %q: %v (see 'invites mock-server --help')", spec, err)
		}
		if earlier, ok := given[l.Endpoint]; ok {
			what := "the default for every endpoint"
			if l.Endpoint != "" {
				what = l.Endpoint
			}
			return nil, usageErrorf("--rate-limit %q and --rate-limit %q both set %s: give one per endpoint and at most one default", earlier, spec, what)
		}
		given[l.Endpoint] = spec
		limits = append(limits, l)
	}
	return limits, nil
}

func (o *mockServerOptions) run(ctx context.Context, c *cli, args []string) error {
	switch {
	case noArguments("mock-server", args) != nil:
		return noArguments("mock-server", args)
	case o.samples < 0:
		return usageErrorf("--samples must be 0 or more, got %d", o.samples)
	}
	faults, err := parseFaults(o.faults)
	if err != nil {
		return err
	}
	limits, err := parseRateLimits(o.rateLimits)
	if err != nil {
		return err
	}
	opts := []apitest.Option{apitest.WithSeed(o.seed), apitest.WithSampleInvites(o.samples),
		apitest.WithClock(c.now), apitest.WithFaults(faults...), apitest.WithRateLimit(limits...)}
	if o.ignoreIdempotency {
		opts = append(opts, apitest.WithoutIdempotency())
	}
	if o.sparsePages {
		opts = append(opts, apitest.WithSparsePages())
	}
	handler, err := apitest.NewHandler(opts...)
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; choose another address with --addr (port 0 picks a free one)", o.addr, err)
	}
	log := &mockLog{w: c.stderr, now: c.now}
	baseURL := "http://" + reachableAddr(ln.Addr()) + "/v1"
	var h http.Handler = handler
	if !o.quiet {
		h = logRequests(handler, handler.Requests, log)
	}
	srv := newMockHTTPServer(h, faults)

	fmt.Fprintf(c.stdout, "invites mock server: the spec-validating fake of the invites API, %d sample invites (seed %d)\n", o.samples, o.seed)
	fmt.Fprintf(c.stdout, "base URL: %s\n", baseURL)
	fmt.Fprintf(c.stdout, "admin key: %s\n", apitest.AdminKey)
	fmt.Fprintf(c.stdout, "export OPENAI_BASE_URL=%s OPENAI_ADMIN_KEY=%s\n", baseURL, apitest.AdminKey)
	for _, f := range faults {
		fmt.Fprintf(c.stdout, "fault: %s\n", output.Printable(f.String()))
	}
	for _, l := range handler.RateLimits() {
		fmt.Fprintf(c.stdout, "rate limit: %s\n", output.Printable(l.String()))
	}
	if !isLoopback(ln.Addr()) {
		log.printf("warning: listening on %s, which is reachable from the network: anyone who can connect can use the well-known test admin key %s; use --addr 127.0.0.1:PORT to keep the mock server on this machine",
			output.Printable(listenedAddr(o.addr, ln.Addr())), apitest.AdminKey)
	}
	fmt.Fprintln(c.stdout, "Press Ctrl-C to stop.")

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	handler.Close() // ends injected latencies, so that shutdown does not wait for them
	err = srv.Shutdown(shutdownCtx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	if err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	log.printf("mock server stopped")
	return nil
}

// Limits of the mock server's connections. A request's header must arrive
// within mockReadHeaderTimeout, and the whole request, and its answer, within
// mockTimeout plus the longest latency a fault injects; an idle connection is
// closed after mockIdleTimeout.
const (
	mockReadHeaderTimeout = 10 * time.Second
	mockTimeout           = 30 * time.Second
	mockIdleTimeout       = 2 * time.Minute
)

// newMockHTTPServer returns the HTTP server for the mock server's handler,
// with timeouts that leave room for the faults' latencies and the header size
// limit of apitest.
func newMockHTTPServer(h http.Handler, faults []apitest.Fault) *http.Server {
	var longest time.Duration
	for _, f := range faults {
		longest = max(longest, f.Latency)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: mockReadHeaderTimeout,
		// The read deadline stays on while the handler runs, and its expiry
		// cancels the request: it must outlast the latency too.
		ReadTimeout:    mockTimeout + longest,
		WriteTimeout:   mockTimeout + longest,
		IdleTimeout:    mockIdleTimeout,
		MaxHeaderBytes: apitest.MaxHeaderBytes,
	}
}

// listenedAddr is the address asked for with the port the listener got, such
// as 0.0.0.0:41234 for 0.0.0.0:0.
func listenedAddr(asked string, got net.Addr) string {
	host, _, err := net.SplitHostPort(asked)
	tcp, ok := got.(*net.TCPAddr)
	if err != nil || !ok {
		return got.String()
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// isLoopback reports whether a listener's address can be reached only from
// this machine.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// reachableAddr is the listener's address as a client on this machine dials
// it: an unspecified host (0.0.0.0 or ::, every interface) becomes 127.0.0.1.
func reachableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// mockLog writes the mock server's log lines, each after a timestamp in RFC
// 3339 form, in UTC, to the millisecond. It is safe for concurrent use.
type mockLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// mockTimeFormat is RFC 3339 with milliseconds.
const mockTimeFormat = "2006-01-02T15:04:05.000Z07:00"

// printf writes one log line.
func (l *mockLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", l.now().UTC().Format(mockTimeFormat), fmt.Sprintf(format, args...))
}

// logTag is the request header by which the log finds each request among
// those the fake recorded, to name the fault that answered it.
const logTag = "X-Mock-Server-Log"

// logRequests logs each request's method, path, status and request id, one
// line each, and the fault that answered it, if any, as --fault writes it,
// or the rate limit that refused it, as --rate-limit writes it. Headers (the
// admin key among them) are never logged. recorded lists the requests the
// fake recorded, each with the fault it met or the rate limit that refused
// it.
func logRequests(next http.Handler, recorded func() []apitest.RecordedRequest, log *mockLog) http.Handler {
	var seq atomic.Uint64
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		tag := strconv.FormatUint(seq.Add(1), 10)
		r.Header.Set(logTag, tag)
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		target := r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		line := fmt.Sprintf("%s %s -> %d (%s)", output.Printable(r.Method), output.Printable(target), rec.status, output.Printable(rec.Header().Get("X-Request-Id")))
		if rec := recordOf(recorded(), tag); rec != nil && rec.Fault != "" {
			line += " fault: " + output.Printable(rec.Fault)
		} else if rec != nil && rec.RateLimit != "" {
			line += " rate limit: " + output.Printable(rec.RateLimit)
		}
		log.printf("%s", line)
	})
}

// recordOf returns the recorded request with this log tag, or nil if the
// log no longer holds it. The latest requests are the likeliest.
func recordOf(requests []apitest.RecordedRequest, tag string) *apitest.RecordedRequest {
	for i := len(requests) - 1; i >= 0; i-- {
		if requests[i].Header.Get(logTag) == tag {
			return &requests[i]
		}
	}
	return nil
}

// statusRecorder remembers the status a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
