package specsync

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Subset names what the sync takes from upstream: whole paths, and the
// components that our declared differences use although no invite operation
// references them upstream. Everything these reference, transitively, comes
// along.
type Subset struct {
	// Paths are the upstream paths kept, each with all its operations.
	Paths []string `yaml:"paths"`
	// Components are local references, such as
	// "#/components/responses/TooManyRequests", kept as extra roots.
	Components []string `yaml:"components"`
}

// rootKinds are the component kinds that Subset.Components may name.
var rootKinds = []string{"schemas", "responses", "parameters", "headers"}

// ParseSubset reads a subset file and checks that it names at least one path
// and only components of a supported kind.
func ParseSubset(data []byte) (*Subset, error) {
	var s Subset
	if err := yaml.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	if len(s.Paths) == 0 {
		return nil, fmt.Errorf("subset: paths: at least one path is required")
	}
	for _, ref := range s.Components {
		if _, _, err := componentRef(ref); err != nil {
			return nil, fmt.Errorf("subset: components: %w", err)
		}
	}
	return &s, nil
}

// componentRef splits a reference such as "#/components/schemas/Error" into
// its kind and name.
func componentRef(ref string) (kind, name string, err error) {
	parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
	if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 || parts[1] == "" {
		return "", "", fmt.Errorf("%q is not a reference of the form #/components/KIND/NAME", ref)
	}
	for _, k := range rootKinds {
		if parts[0] == k {
			return k, parts[1], nil
		}
	}
	return "", "", fmt.Errorf("%q: kind %q is not one of %s", ref, parts[0], strings.Join(rootKinds, ", "))
}
