package bulk

import (
	"context"
	"errors"
	"sync"
)

// errWithdrawn is the cause of an item's ctx when a stop withdrew it.
var errWithdrawn = errors.New("withdrawn before any request took effect")

// item is the state of one item of a run with Runner.Withdraw: whether any
// of its requests may have taken effect, and so whether a stop may still
// withdraw it.
type item struct {
	ctx         context.Context
	cancelCause context.CancelCauseFunc

	mu        sync.Mutex
	inFlight  int  // requests out now
	effect    bool // a request may have taken effect
	withdrawn bool
}

type itemKey struct{}

func newItem(parent context.Context) *item {
	it := &item{}
	ctx, cancel := context.WithCancelCause(parent)
	it.ctx, it.cancelCause = context.WithValue(ctx, itemKey{}, it), cancel
	return it
}

// cancel releases the item's ctx once its send is over.
func (it *item) cancel() { it.cancelCause(nil) }

// withdraw ends the item's ctx unless a request of it is out or may have
// taken effect.
func (it *item) withdraw() {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.inFlight > 0 || it.effect {
		return
	}
	it.withdrawn = true
	it.cancelCause(errWithdrawn)
}

func (it *item) isWithdrawn() bool {
	it.mu.Lock()
	defer it.mu.Unlock()
	return it.withdrawn
}

// Dispatch is called by the transport of a run with Runner.Withdraw before
// each request of an item goes out, with the request's ctx. It returns an
// error, and the request must not go out, when a stop withdrew the item;
// otherwise done must be called once the request is over, with noEffect
// true only when the answer proves that the request took no effect (the
// service refused it for a rate limit). A request outside any run's item
// gets a done that does nothing.
func Dispatch(ctx context.Context) (done func(noEffect bool), err error) {
	it, _ := ctx.Value(itemKey{}).(*item)
	if it == nil {
		return func(bool) {}, nil
	}
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.withdrawn {
		return nil, context.Cause(it.ctx)
	}
	it.inFlight++
	var once sync.Once
	return func(noEffect bool) {
		once.Do(func() {
			it.mu.Lock()
			defer it.mu.Unlock()
			it.inFlight--
			it.effect = it.effect || !noEffect
		})
	}, nil
}
