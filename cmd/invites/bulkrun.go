package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
	"github.com/seed-a87280d7/invites/internal/durationtext"
)

// defaultMaxRateWait is the --max-rate-wait of every bulk command: a limit
// that lets no request of an item through for that long is taken for one
// that will not lift.
const defaultMaxRateWait = 3 * time.Minute

// The endpoints of the bulk commands' items, as the SDK names them in its
// changes of pace.
const (
	createEndpoint = "POST /organization/invites"
	deleteEndpoint = "DELETE /organization/invites/{invite_id}"
)

// bulkOptions are the flags that every bulk command (import, prune, delete)
// takes.
type bulkOptions struct {
	concurrency int
	rate        bulk.Rate
	maxRateWait time.Duration
	results     bulk.Results

	// pace relays the client's changes of pace to the run; set by
	// startBulk.
	pace *pacer
}

// register adds --concurrency, --rate, --max-rate-wait and --results to fs;
// what says what each request is about, such as "invites".
func (o *bulkOptions) register(fs *flag.FlagSet, what string) {
	fs.IntVar(&o.concurrency, "concurrency", bulk.DefaultConcurrency, "send `N` "+what+" at a time, 1 to "+strconv.Itoa(bulk.MaxConcurrency))
	fs.Var(&o.rate, "rate", "keep to this `rate` limit: 7/min, 2/s, 300/h")
	fs.DurationVar(&o.maxRateWait, "max-rate-wait", defaultMaxRateWait, "stop when a rate limit holds a request for this `duration`; 0: never")
	o.results.Register(fs)
}

// check validates the flags.
func (o *bulkOptions) check() error {
	if o.concurrency < 1 || o.concurrency > bulk.MaxConcurrency {
		return usageErrorf("--concurrency must be between 1 and %d, got %d", bulk.MaxConcurrency, o.concurrency)
	}
	if o.maxRateWait < 0 {
		return usageErrorf("--max-rate-wait must be a duration such as 3m, or 0 to wait as long as it takes, got %s", o.maxRateWait)
	}
	if err := o.results.Check(); err != nil {
		return usageErrorf("%v", err)
	}
	return nil
}

// startBulk connects to the API, pacing to its rate limit as the flags
// say, and opens where the results go (see openResults), so that a folder
// that cannot be written fails the command before anything is sent. From
// then on until done, a hard stop's further signals are held, so that the
// results are written whole. done releases all three, leaving a --results
// file that was not committed as it was.
func (c *cli) startBulk(o *bulkOptions, fallback string, whole bool) (client *api.Client, out *bulk.Sink, done func(), err error) {
	o.pace = &pacer{stderr: c.stderr, paces: map[string]bulk.Pace{}}
	opts := []api.Option{api.WithPaceHook(o.pace.changed), api.WithMaxRateWait(o.maxRateWait)}
	if o.rate.N > 0 {
		opts = append(opts, api.WithRateLimit(o.rate.N, o.rate.Per))
	}
	client, release, err := c.connect(opts...)
	if err != nil {
		return nil, nil, nil, err
	}
	out, err = c.openResults(o, fallback, whole)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	unhold := func() {}
	if c.holdStops != nil {
		unhold = c.holdStops()
	}
	return client, out, func() { out.Discard(); release(); unhold() }, nil
}

// openResults opens where the results go: a table on a terminal, else
// fallback, unless -o or the --results file's extension say otherwise.
// whole says -o json writes the whole report, with its summary. A --results
// file holds every row, so it cannot be -o ids, which lists only the ids
// that were created or revoked.
func (c *cli) openResults(o *bulkOptions, fallback string, whole bool) (*bulk.Sink, error) {
	if o.results.Path != "" && c.global.output == output.IDs {
		return nil, usageErrorf("--results %s keeps a row for every item, and -o ids would keep only the ids created or revoked: use -o csv, json or jsonl, or leave --results out to print the ids", o.results.Path)
	}
	return o.results.Open(bulk.SinkOptions{
		Format: o.results.Format(c.global.output, c.stdoutTerminal, fallback),
		Whole:  whole,
		Local:  c.local,
		Width:  c.stdoutWidth,
		Stdout: c.stdout,
	})
}

// newRunner returns the runner of n items of a bulk command, each a request
// to endpoint, with a progress line labelled label on a terminal's stderr
// that shows the pace of a rate limit, notes on stderr when the pace
// changes or the run stops, and a hard stop at the second Ctrl-C.
func (c *cli) newRunner(o *bulkOptions, label, endpoint string, n int) *bulk.Runner {
	prog := bulk.NewProgress(c.stderr, c.stderrTerminal, c.stderrWidth, label, n)
	prog.Prefix = "invites: "
	r := &bulk.Runner{
		Workers:  o.concurrency,
		HardStop: c.hardStop,
		Classify: classifyError,
		Withdraw: true, // every request goes out through dispatchTransport
		Progress: prog,
		OnStopping: func() {
			prog.Note("invites: interrupted: finishing the requests in flight; press Ctrl-C again to stop at once")
		},
		OnAbort: func(err error) {
			if classifyError(err) == bulk.RateLimited {
				prog.Note("invites: stopping: " + c.reason(err) + "; the rate limit did not lift within --max-rate-wait (" + durationtext.Short(o.maxRateWait) + "), so every further request would wait as long")
				return
			}
			prog.Note("invites: stopping: " + c.reason(err) + "; every further request would fail the same way")
		},
	}
	o.pace.attach(endpoint, r, prog, o.concurrency)
	return r
}

// classifyError says what an item's error means for the rest of a run: a key
// refused or not allowed to manage invites stops it, and so does a rate
// limit, which the SDK waits for up to --max-rate-wait before giving up.
func classifyError(err error) bulk.Class {
	switch {
	case errors.Is(err, api.ErrUnauthorized), errors.Is(err, api.ErrPermissionDenied):
		return bulk.Fatal
	case errors.Is(err, api.ErrRateLimited):
		return bulk.RateLimited
	}
	return bulk.Ordinary
}

// paceSources say where a pace comes from, for people, by the SDK's
// PaceChange.Source.
var paceSources = map[string]string{
	api.PaceDeclared:   "--rate",
	api.PaceRetryAfter: "the API's Retry-After",
	api.PaceHeaders:    "the API's x-ratelimit headers",
	api.PaceLearned:    "learned from the API's refusals",
	api.PaceLifted:     "lifted",
}

// pacer relays the client's changes of pace to the run under way: to its
// progress, and to how many of its items may be under way. A change for
// another endpoint (the walk before a run, a look-up during one) gets a
// line of its own.
type pacer struct {
	mu       sync.Mutex
	stderr   io.Writer
	paces    map[string]bulk.Pace // the latest pace of each endpoint
	endpoint string               // the endpoint of the run's items
	runner   *bulk.Runner
	prog     *bulk.Progress
	workers  int
	waited   bulk.Waited
}

// changed is the client's pace hook, called once per change, never
// concurrently with itself.
func (p *pacer) changed(pc api.PaceChange) {
	pace := bulk.Pace{Requests: pc.Requests, Per: pc.Per, Wait: pc.Wait, Lifted: pc.Source == api.PaceLifted, Source: paceSources[pc.Source]}
	if pace.Source == "" {
		pace.Source = output.Printable(pc.Source)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paces[pc.Endpoint] = pace
	switch {
	case pc.Endpoint == p.endpoint && p.runner != nil:
		p.runner.Limit(pace.InFlight(p.workers))
		p.prog.SetPace(pace)
	case p.prog != nil:
		p.prog.Note("invites: rate limited: " + output.Printable(pc.String()))
	default:
		fmt.Fprintln(p.stderr, "invites: rate limited: "+output.Printable(pc.String()))
	}
}

// attach makes r, with its progress, the run whose items are requests to
// endpoint, and tells it the endpoint's pace so far (a declared rate, or
// one learned before the run).
func (p *pacer) attach(endpoint string, r *bulk.Runner, prog *bulk.Progress, workers int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endpoint, p.runner, p.prog, p.workers = endpoint, r, prog, workers
	if pace, ok := p.paces[endpoint]; ok && pace.Limited() {
		pace.Wait = 0 // a pause reported before the run may be over
		r.Limit(pace.InFlight(workers))
		prog.SetPace(pace)
	}
}

// noteWait records how long a call of the run waited for the rate limit, as
// its answer's metadata says. It does nothing on a nil pacer.
func (p *pacer) noteWait(answer api.Response) {
	if p != nil {
		p.waited.Add(time.Now(), answer.RateWait)
	}
}

// waitedText says, for a summary line, how long the run waited for the
// rate limit: "; waited 6m12s for the rate limit", or "" when it never did.
func (o *bulkOptions) waitedText() string {
	if o.pace == nil {
		return ""
	}
	d := o.pace.waited.Total()
	switch {
	case d <= 0:
		return ""
	case d < time.Second:
		d = max(d.Round(10*time.Millisecond), 10*time.Millisecond) // a short wait is still said
	default:
		d = d.Round(time.Second)
	}
	return "; waited " + durationtext.Short(d) + " in all for the rate limit"
}

// reportRemaining says on stderr what a run that stopped early left to do,
// counted in nouns, and how to finish it (retry). It says nothing of a run
// that finished.
func (c *cli) reportRemaining(rep *bulk.Report, run bulk.Run, noun, retry string) {
	if !rep.Interrupted {
		return
	}
	how := "interrupted"
	switch run.Stop {
	case bulk.Aborted:
		how = "stopped after a failure"
	case bulk.Limited:
		how = "stopped by a rate limit that did not lift"
	}
	unfinished := rep.Count(bulk.Unknown) + rep.Count(bulk.NotSent)
	fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %d of %d %s finished; %d unknown (in flight: they may or may not have taken effect), %d not sent; %s",
		how, rep.Len()-unfinished, rep.Len(), noun+"s", rep.Count(bulk.Unknown), rep.Count(bulk.NotSent), retry)))
}
