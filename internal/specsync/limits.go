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
	// MaxUpstreamNodeBound is how many YAML nodes the upstream file's bytes
	// may allow for, counted from the bytes before they are parsed (see
	// nodeBound): parsing takes about 200 bytes of memory a node before the
	// nodes can be counted, so 2,500,000 keeps parsing under 0.5 GB. The
	// bound counts words, not nodes: OpenAI's 3 MB file allows for about
	// 720,000, and any file under MaxUpstreamBytes of OpenAI's density
	// passes.
	MaxUpstreamNodeBound = 2_500_000
	// MaxMappingKeys is how many keys one mapping of the upstream file may
	// hold: 20,000. What reads an OpenAPI document as a model (OpenAI's
	// widest mapping, its components' schemas, has about 1,400 keys) takes
	// time quadratic in a mapping's width where it deletes keys, so the
	// width is bounded and the sync's time stays linear in the file.
	MaxMappingKeys = 20_000
	// MaxAliasNodes is how many nodes the aliases of the upstream file may
	// stand for once expanded, all of them together. Ten lines of YAML
	// whose aliases refer to aliases (a "billion laughs") stand for a
	// billion; what reads the file expands them.
	MaxAliasNodes = 10_000
)

// parseBounded parses data into the node of its YAML document, and fails if
// its bytes allow for more than MaxUpstreamNodeBound nodes (before parsing),
// if it holds more than MaxUpstreamNodes nodes, if its aliases stand for
// more than MaxAliasNodes, or if a mapping holds more than MaxMappingKeys
// keys or a key twice. Parsing
// expands no alias: the count does, as a sum that stops at the limit, and
// visits each node once. Everything here takes time linear in the size of
// data; a mapping's keys are told apart with a set, never by comparing each
// with each as yaml.v3's decoding does.
func parseBounded(data []byte) (*yaml.Node, error) {
	if bound := nodeBound(data); bound > MaxUpstreamNodeBound {
		return nil, fmt.Errorf("not OpenAPI: its bytes allow for more than %d YAML nodes, the limit on the upstream file", MaxUpstreamNodeBound)
	}
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

// nodeBound returns a bound on how many YAML nodes data can parse into,
// counted from its bytes, or a number over MaxUpstreamNodeBound once the
// count passes it. Every node owns a flow collection's opening bracket or
// brace, or a word: a run of bytes that are neither YAML white space nor
// flow punctuation (its text, alias, tag or anchor, or the "-", "?" or ":"
// that brings it in); one word brings in at most three nodes, as "a:" does
// (a mapping, its key and a null value); and the document itself may be
// one empty node. The words of quoted text and comments only make the bound
// larger.
func nodeBound(data []byte) int {
	bound, inWord := 1, false
	for _, b := range data {
		switch b {
		case ' ', '\t', '\r', '\n', ',', ']', '}':
			inWord = false
		case '[', '{':
			inWord = false
			bound++
		default:
			if !inWord {
				inWord = true
				bound += 3
			}
		}
		if bound > MaxUpstreamNodeBound {
			return bound
		}
	}
	return bound
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
	if n.Kind == yaml.MappingNode {
		if err := uniqueKeys(n); err != nil {
			return err
		}
	}
	for _, child := range n.Content {
		if err := c.count(child); err != nil {
			return err
		}
	}
	return nil
}

// uniqueKeys fails if the mapping n holds a scalar key twice, as YAML
// forbids and yaml.v3's decoding would refuse (comparing the keys' text, so
// 1 and "1" are the same key), in time linear in its keys.
func uniqueKeys(n *yaml.Node) error {
	if keys := len(n.Content) / 2; keys > MaxMappingKeys {
		return fmt.Errorf("not OpenAPI: line %d: a mapping of %d keys, over the limit of %d keys in one mapping of the upstream file", n.Line, keys, MaxMappingKeys)
	}
	seen := make(map[string]struct{}, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if key.Kind != yaml.ScalarNode {
			continue
		}
		if _, dup := seen[key.Value]; dup {
			return fmt.Errorf("not OpenAPI: line %d: the key %s is already in its mapping", key.Line, quote(key.Value))
		}
		seen[key.Value] = struct{}{}
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
