package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// recordGrace is how long after a hard stop the signals stay caught while a
// results file is written: far longer than writing one takes, and an end
// should the writing itself hang (a stuck network file system).
const recordGrace = 10 * time.Second

// stopper turns the stop signals into the two stops of a command. The first
// Ctrl-C is a soft stop: a prompt ends at once, and the bulk commands stop
// starting work, let the requests in flight finish and write their results.
// A second Ctrl-C, or SIGTERM, or SIGHUP (the terminal closed, or an SSH
// session dropped; unless nohup ignores it) is a hard stop: bulk commands
// abandon the requests in flight and write their results, with those
// requests as unknown.
//
// After a hard stop the signals get their default action back, so that a
// further Ctrl-C ends the process at once whatever it is doing, except
// while a results file is being kept (hold): a closing terminal sends two
// SIGHUPs within milliseconds (the shell forwards one, the kernel sends
// one), and neither the second nor any other may end the process before
// the file is written whole. Until the hold is released, or recordGrace
// after the hard stop, further signals change nothing.
type stopper struct {
	stopSoft, stopHard func()
	// reset gives the signals their default action back; kill ends the
	// process with sig, as its default action would.
	reset func()
	kill  func(sig os.Signal)
	now   func() time.Time

	mu     sync.Mutex
	soft   bool
	hard   bool
	hardAt time.Time
	held   int
}

// handle acts on one signal.
func (s *stopper) handle(sig os.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.soft && !s.hard && sig == os.Interrupt:
		s.soft = true
		s.stopSoft()
	case !s.hard:
		s.hard, s.hardAt = true, s.now()
		s.stopHard()
		if s.held == 0 {
			s.reset()
		}
	case s.held > 0 && s.now().Sub(s.hardAt) < recordGrace:
		// A results file is being written: it comes first.
	default:
		s.reset()
		s.kill(sig)
	}
}

// hold keeps the signals caught, after a hard stop, until release is
// called: a results file is being kept.
func (s *stopper) hold() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.held--
			if s.held == 0 && s.hard {
				s.reset()
			}
		})
	}
}

// stopContexts starts catching the stop signals and returns the contexts
// that they end (see stopper), and the hold that keeps them caught while a
// results file is written.
func stopContexts() (ctx, hardStop context.Context, hold func() func()) {
	hardStop, stopHard := context.WithCancel(context.Background())
	ctx, stopSoft := context.WithCancel(hardStop)
	stops := []os.Signal{os.Interrupt, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		// Under nohup, SIGHUP stays ignored.
		stops = append(stops, syscall.SIGHUP)
	}
	s := &stopper{
		stopSoft: stopSoft,
		stopHard: stopHard,
		reset:    func() { signal.Reset(stops...) },
		kill:     killSelf,
		now:      time.Now,
	}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, stops...)
	go func() {
		for sig := range signals {
			s.handle(sig)
		}
	}()
	return ctx, hardStop, s.hold
}

// killSelf ends the process with sig, whose default action is back, or
// with the exit code of an interrupted command where signals cannot be
// sent to oneself.
func killSelf(sig os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
		return
	}
	os.Exit(exitInterrupted)
}
