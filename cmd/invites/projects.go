package main

import (
	"fmt"
	"strings"

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
