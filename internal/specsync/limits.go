package specsync

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits on the upstream file, which the sync does not trust: each is
// checked before the file costs memory in proportion to what it describes.
// OpenAI's whole description is about 3 MB and 110,000 YAML nodes, and has
// no aliases.
const (
	// MaxUpstreamBytes is the largest upstream file the sync reads, 8 MiB. A
	// larger file is refused before it is read. Parsing YAML takes up to a
	// hundred times the size of the file in memory: 8 MiB of the densest YAML
	// takes 0.8 GB.
	MaxUpstreamBytes = 8 << 20
	// MaxUpstreamNodes is how many YAML nodes (mappings, sequences, scalars
	// and aliases) the upstream file may hold, counted once it is parsed
	// and before anything reads what they describe, which takes about 3 KB
	// of memory a node: 300,000 nodes stay under 1 GB.
	MaxUpstreamNodes = 300_000
	// MaxAliasNodes is how many nodes the aliases of the upstream file may
	// stand for once expanded, all of them together. Ten lines of YAML
	// whose aliases refer to aliases (a "billion laughs") stand for a
	// billion; what reads the file expands them.
	MaxAliasNodes = 10_000
)

// parseBounded parses data into the node of its YAML document, and fails if
// it holds more than MaxUpstreamNodes nodes or if its aliases stand for more
// than MaxAliasNodes. Parsing expands no alias: the count does, as a sum
// that stops at the limit, and visits each node once.
func parseBounded(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not OpenAPI: not YAML or JSON: %w", err)
	}
	c := nodeCounter{expanded: map[*yaml.Node]int{}}
	if err := c.count(&doc); err != nil {
		return nil, err
	}
	switch {
	case c.nodes > MaxUpstreamNodes:
		return nil, fmt.Errorf("not OpenAPI: %d YAML nodes, over the limit of %d on the upstream file", c.nodes, MaxUpstreamNodes)
	case c.aliased > MaxAliasNodes:
		return nil, fmt.Errorf("not OpenAPI: its YAML aliases stand for more than %d nodes once expanded, the limit on the upstream file", MaxAliasNodes)
	}
	return &doc, nil
}

// errAliasCycle is the error for an alias inside the node it refers to.
var errAliasCycle = errors.New("not OpenAPI: a YAML alias refers to a node that contains it")

// nodeCounter counts the nodes of a YAML document, and the nodes its
// aliases stand for.
type nodeCounter struct {
	nodes   int // nodes as parsed, aliases counting one each
	aliased int // nodes the aliases stand for, up to MaxAliasNodes+1
	// expanded holds, for each node an alias refers to, how many nodes it
	// stands for with its own aliases expanded (up to MaxAliasNodes+1),
	// or -1 while it is being counted.
	expanded map[*yaml.Node]int
}

// count counts the nodes of the document below n, n included.
func (c *nodeCounter) count(n *yaml.Node) error {
	c.nodes++
	if n.Kind == yaml.AliasNode {
		size, err := c.expand(n.Alias)
		c.aliased = min(c.aliased+size, MaxAliasNodes+1)
		return err
	}
	for _, child := range n.Content {
		if err := c.count(child); err != nil {
			return err
		}
	}
	return nil
}

// expand returns how many nodes n stands for with its aliases expanded, up
// to MaxAliasNodes+1.
func (c *nodeCounter) expand(n *yaml.Node) (int, error) {
	if n == nil {
		return 0, nil
	}
	switch size, seen := c.expanded[n]; {
	case seen && size < 0:
		return 0, errAliasCycle
	case seen:
		return size, nil
	}
	c.expanded[n] = -1
	size := 1
	for _, child := range n.Content {
		if child.Kind == yaml.AliasNode {
			child = child.Alias
		}
		sub, err := c.expand(child)
		if err != nil {
			return 0, err
		}
		size = min(size+sub, MaxAliasNodes+1)
	}
	c.expanded[n] = size
	return size, nil
}
