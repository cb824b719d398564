package specsync

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// TestReadAtMostStopsAtTheLimit: a file that grew past the limit after it
// was measured is read no further than one byte past the limit.
func TestReadAtMostStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	r := &countingReader{r: io.LimitReader(zeros{}, MaxUpstreamBytes+64<<10)}
	_, err := readAtMost(r, "grown.yaml")
	if err == nil || !strings.Contains(err.Error(), "8388609 bytes, over the limit of 8388608 bytes (8 MiB)") {
		t.Fatalf("got %v", err)
	}
	if r.read > MaxUpstreamBytes+1 {
		t.Errorf("read %d bytes, more than one past the limit", r.read)
	}
	data, err := readAtMost(io.LimitReader(zeros{}, MaxUpstreamBytes), "at-the-limit.yaml")
	if err != nil || len(data) != MaxUpstreamBytes {
		t.Errorf("a file at the limit: %d bytes, %v", len(data), err)
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestNodeBoundIsABound: for documents of every shape that packs nodes
// densely (empty values, nested block mappings and sequences, flow
// collections, complex keys, anchors and aliases, JSON), nodeBound counts
// at least as many nodes as yaml.v3 parses, so a file it lets through
// cannot parse into more.
func TestNodeBoundIsABound(t *testing.T) {
	t.Parallel()
	docs := []string{
		"", "a", "a:", "a:\n b:\n  c:\n   d:", "- - - -", "-\n-\n-", "[a: b]", "{a, b, c}", "{a,}", "[[[[]]]]",
		"{{}: {}}", "? a\n? b\n: c", "a: &x {b: c}\nd: *x", "- !!str\n- !!null", "{\"a\":1,\"b\":[1,2,{}]}",
		"a: |\n  text\n  more\nb: >\n  folded\n", "'a b': \"c, d\"", "--- a\n--- b", "{? a, ? b}", "[? a : b, c]",
		"a:\n  - b:\n    - c:\n      -",
	}
	fixture, err := os.ReadFile("testdata/upstream.yaml")
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, string(fixture))
	for _, doc := range docs {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			continue // not YAML: parsing fails before it costs memory
		}
		c := nodeCounter{expanded: map[*yaml.Node]int{}}
		_ = c.count(&n)
		if bound := nodeBound([]byte(doc)); bound < c.nodes {
			t.Errorf("%q: bound %d, but %d nodes", doc, bound, c.nodes)
		}
	}
}

// TestHostileShapesAreRefusedCheaply: the shapes that used to cost minutes
// or gigabytes fail parseBounded fast, naming their limit: a dense flow
// mapping over the bound on nodes (refused from its bytes, before parsing),
// a mapping wider than MaxMappingKeys (which OpenAPI's model would take
// quadratic time to trim), and a key given twice.
func TestHostileShapesAreRefusedCheaply(t *testing.T) {
	t.Parallel()
	var wide strings.Builder
	wide.WriteString("openapi: 3.1.0\npaths:\n")
	for i := range MaxMappingKeys + 1 {
		fmt.Fprintf(&wide, "  /p%d: {}\n", i)
	}
	for _, tt := range []struct {
		name, doc, want string
	}{
		{"a dense flow mapping", "{" + strings.Repeat("a,", MaxUpstreamNodeBound/3) + "a}", "its bytes allow for more than 2500000 YAML nodes"},
		{"a wide mapping", wide.String(), "line 3: a mapping of 20001 keys, over the limit of 20000 keys"},
		{"a key twice", "openapi: 3.1.0\npaths:\n  /a: {}\n  /b: {}\n  /a: {}\n", "line 5: the key \"/a\" is already in its mapping"},
	} {
		_, err := parseBounded([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}
