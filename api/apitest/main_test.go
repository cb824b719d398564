package apitest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them, such as
// a request of a closed Server still waiting out a fault's latency.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
