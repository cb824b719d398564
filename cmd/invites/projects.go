package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// parseProject reads one "id:role" membership.
func parseProject(s string) (api.Project, error) {
	id, role, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return api.Project{}, fmt.Errorf("project %q has no role: write it as %s", s, output.OrList(withEach("id:", projectRoles)))
	}
	// The SDK's validator checks the id and the role.
	return api.Project{ID: strings.TrimSpace(id), Role: api.ProjectRole(strings.ToLower(strings.TrimSpace(role)))}, nil
}

// checkDistinctProjects refuses a project listed twice.
func checkDistinctProjects(projects []api.Project) error {
	seen := map[string]bool{}
	for _, p := range projects {
		if seen[p.ID] {
			return fmt.Errorf("project %q is listed twice", p.ID)
		}
		seen[p.ID] = true
	}
	return nil
}

// projectList is a list of project memberships as the output writes it: a
// table and csv as the import file does ("id:role;id:role"), json as the
// API does. It is how the output kit, which knows no API, is handed them.
type projectList []api.Project

// String writes the memberships as the import file does.
func (p projectList) String() string {
	parts := make([]string, len(p))
	for i, m := range p {
		parts[i] = m.ID + ":" + string(m.Role)
	}
	return strings.Join(parts, ";")
}

// unixTime is an API timestamp as a time; the zero time for none. It is the
// one place that knows how the SDK gives timestamps.
func unixTime(unix *api.UnixTime) time.Time {
	if unix == nil {
		return time.Time{}
	}
	return unix.Time()
}
