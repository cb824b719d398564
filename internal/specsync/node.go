package specsync

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseNode parses a YAML or JSON document into the mapping at its root.
func parseNode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not YAML or JSON: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a YAML mapping")
	}
	return doc.Content[0], nil
}

// encodeNode writes root as YAML with two-space indents, every scalar in its
// plainest style, and comment as the file's first lines; the output depends
// only on the content, never on how the input was formatted.
func encodeNode(root *yaml.Node, comment string) ([]byte, error) {
	plain(root)
	root.HeadComment = comment
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	return buf.Bytes(), nil
}

// plain drops the styles, comments and anchors of n and everything in it.
func plain(n *yaml.Node) {
	n.Style = 0
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	n.Anchor = ""
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		*n = *clone(n.Alias)
	}
	for _, c := range n.Content {
		plain(c)
	}
}

// clone copies n deeply.
func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = clone(child)
	}
	return &c
}

// scalar is a string node.
func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// mapValue is the value of the scalar key in mapping m, or nil; m and its
// keys may be aliases, as in an upstream file.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m = unalias(m); m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := unalias(m.Content[i]); k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// unalias returns the node an alias stands for, or n itself.
func unalias(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// setKey sets key in mapping m to v, in place when the key exists and at
// the end otherwise.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, scalar(key), v)
}

// deleteKey removes key from mapping m, if there.
func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// splitPointer splits a JSON pointer (RFC 6901) into its unescaped tokens.
func splitPointer(pointer string) ([]string, error) {
	if !strings.HasPrefix(pointer, "/") {
		return nil, fmt.Errorf("%q is not a JSON pointer", pointer)
	}
	tokens := strings.Split(pointer[1:], "/")
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

// escapeToken escapes one JSON pointer token.
func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

// child is the member of n named by one pointer token, or nil.
func child(n *yaml.Node, token string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		return mapValue(n, token)
	case yaml.SequenceNode:
		i, err := strconv.Atoi(token)
		if err != nil || i < 0 || i >= len(n.Content) {
			return nil
		}
		return n.Content[i]
	}
	return nil
}

// resolve is the node at pointer in root, or nil.
func resolve(root *yaml.Node, pointer string) *yaml.Node {
	tokens, err := splitPointer(pointer)
	if err != nil {
		return nil
	}
	n := root
	for _, t := range tokens {
		if n = child(n, t); n == nil {
			return nil
		}
	}
	return n
}

// parentOf is the mapping that holds the last token of pointer, and that
// token; it fails when the mapping does not exist.
func parentOf(root *yaml.Node, pointer string) (*yaml.Node, string, error) {
	tokens, err := splitPointer(pointer)
	if err != nil {
		return nil, "", err
	}
	last := len(tokens) - 1
	parent := root
	if last > 0 {
		parent = resolve(root, "/"+joinTokens(tokens[:last]))
	}
	if parent == nil || parent.Kind != yaml.MappingNode {
		return nil, "", fmt.Errorf("%s: no such object", safe(pointer[:strings.LastIndex(pointer, "/")]))
	}
	return parent, tokens[last], nil
}

// joinTokens escapes and joins pointer tokens.
func joinTokens(tokens []string) string {
	escaped := make([]string, len(tokens))
	for i, t := range tokens {
		escaped[i] = escapeToken(t)
	}
	return strings.Join(escaped, "/")
}

// deletePointer removes the member at pointer.
func deletePointer(root *yaml.Node, pointer string) error {
	parent, key, err := parentOf(root, pointer)
	if err != nil {
		return err
	}
	deleteKey(parent, key)
	return nil
}

// checkRefs fails on the first $ref in root that is not a local reference
// to something root holds.
func checkRefs(root *yaml.Node) error {
	var walk func(n *yaml.Node, at string) error
	walk = func(n *yaml.Node, at string) error {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				key, v := n.Content[i].Value, n.Content[i+1]
				if key == "$ref" && v.Kind == yaml.ScalarNode {
					if !strings.HasPrefix(v.Value, "#/") || resolve(root, v.Value[1:]) == nil {
						return fmt.Errorf("dangling $ref %s at %s: it points to nothing in the document", quote(v.Value), safe(at))
					}
					continue
				}
				if err := walk(v, at+"/"+escapeToken(key)); err != nil {
					return err
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				if err := walk(c, at+"/"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root, "")
}
