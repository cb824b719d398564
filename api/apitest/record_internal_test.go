package apitest

import (
	"strconv"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"
)

func TestRequestLogKeepsExactlyTheLastN(t *testing.T) {
	t.Parallel()
	tests := []struct{ max, total int }{
		{0, 3}, {1, 3}, {5, 4}, {5, 5}, {5, 12}, {DefaultMaxRequests, 2*DefaultMaxRequests + 7},
	}
	for _, tt := range tests {
		l := requestLog{max: tt.max}
		for i := range tt.total {
			l.add(RecordedRequest{RawQuery: strconv.Itoa(i)})
		}
		var got, want []string
		for _, r := range l.all() {
			got = append(got, r.RawQuery)
		}
		for i := max(0, tt.total-tt.max); i < tt.total; i++ {
			want = append(want, strconv.Itoa(i))
		}
		if d := difftest.Diff(want, got); d != "" {
			t.Errorf("max %d after %d requests: kept (-want +got):\n%s", tt.max, tt.total, d)
		}
	}
}
