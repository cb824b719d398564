package specsync

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// ReadUpstream reads the file at path, which must be a regular file of at
// most MaxUpstreamBytes. A larger file is refused before it is read.
func ReadUpstream(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("upstream %s: no such file", path)
		}
		return nil, fmt.Errorf("upstream %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("upstream %s: not a regular file", path)
	}
	if info.Size() > MaxUpstreamBytes {
		return nil, tooLarge(path, info.Size())
	}
	f, err := os.Open(path) //nolint:gosec // reading the file the user names is the point
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", path, err)
	}
	defer f.Close() //nolint:errcheck // opened for reading: closing it cannot lose data
	// Read with a limit still: the file may have grown since Stat.
	return readAtMost(f, path)
}

// readAtMost reads r, the upstream file at path, to its end, or fails once
// it has read more than MaxUpstreamBytes.
func readAtMost(r io.Reader, path string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUpstreamBytes+1))
	if err != nil {
		return nil, fmt.Errorf("upstream %s: %w", path, err)
	}
	if len(data) > MaxUpstreamBytes {
		return nil, tooLarge(path, int64(len(data)))
	}
	return data, nil
}

// tooLarge is the error for an upstream file of size bytes, over
// MaxUpstreamBytes (when it is read, size is how much was read).
func tooLarge(path string, size int64) error {
	return fmt.Errorf("upstream %s: %d bytes, over the limit of %d bytes (%d MiB) on the upstream file; OpenAI's description is about 3 MB",
		path, size, MaxUpstreamBytes, MaxUpstreamBytes>>20)
}

// header is the part of an OpenAPI document that tells what it is.
type header struct {
	sha256  string          // info.x-upstream-sha256
	openapi string          // openapi
	swagger string          // swagger
	paths   map[string]bool // the keys of paths
}

// readHeader reads the header from the parsed document root by walking its
// nodes, in time linear in their number: decoding it with yaml.v3 would
// compare each key of a mapping with each other key, which takes minutes on
// a wide one.
func readHeader(root *yaml.Node) (header, error) {
	var h header
	top := unalias(root)
	if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
		top = unalias(top.Content[0])
	}
	if top.Kind != yaml.MappingNode {
		return h, errors.New("not OpenAPI: the document is not a mapping")
	}
	var err error
	text := func(n *yaml.Node, name string) string {
		switch n = unalias(n); {
		case n == nil:
			return ""
		case n.Kind == yaml.ScalarNode:
			return n.Value
		}
		err = fmt.Errorf("not OpenAPI: '%s' is not a string", name)
		return ""
	}
	h.openapi = text(mapValue(top, "openapi"), "openapi")
	h.swagger = text(mapValue(top, "swagger"), "swagger")
	h.sha256 = text(mapValue(mapValue(top, "info"), "x-upstream-sha256"), "info.x-upstream-sha256")
	h.paths = map[string]bool{}
	if paths := unalias(mapValue(top, "paths")); paths != nil && paths.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(paths.Content); i += 2 {
			h.paths[text(paths.Content[i], "paths")] = true
		}
	}
	return h, err
}

// checkHeader fails unless data is an OpenAPI 3.0 or 3.1 document in YAML or
// JSON within the limits of limits.go that has every path of the subset; it
// tells whether data is facts that Facts made before.
func checkHeader(data []byte, subset *Subset) (isFacts bool, err error) {
	root, err := parseBounded(data)
	if err != nil {
		return false, err
	}
	h, err := readHeader(root)
	if err != nil {
		return false, err
	}
	switch {
	case h.swagger != "":
		return false, fmt.Errorf("not OpenAPI 3: it is Swagger %s; convert it to OpenAPI 3.0 or 3.1 first", quote(h.swagger))
	case h.openapi == "":
		return false, errors.New("not OpenAPI: no 'openapi' version field")
	case !strings.HasPrefix(h.openapi, "3.0.") && !strings.HasPrefix(h.openapi, "3.1."):
		return false, fmt.Errorf("openapi %s: only OpenAPI 3.0 and 3.1 are supported", quote(h.openapi))
	}
	var missing []string
	for _, p := range subset.Paths {
		if !h.paths[p] {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return false, fmt.Errorf("paths: no %s: this is not a description of the invites API", strings.Join(missing, ", "))
	}
	return h.sha256 != "", nil
}
