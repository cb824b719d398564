package main

import (
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// TestChoicesAreTheSpecs: the values that --role and list --status take and
// that completion offers are api's lists of the spec's values, in their
// order, and walks ask for the largest page the spec allows.
func TestChoicesAreTheSpecs(t *testing.T) {
	t.Parallel()
	c := &cli{env: &env{}, global: newGlobalFlags(), commands: allCommands}
	difftest.Check(t, "create --role", c.complete([]string{"create", "--role", ""}), enumStrings(api.RoleValues()))
	difftest.Check(t, "list --status", c.complete([]string{"list", "--status", ""}), enumStrings(api.InviteStatusValues()))
	difftest.Check(t, "project roles", projectRoles, enumStrings(api.ProjectRoleValues()))
	if walkPageSize != api.MaxListInvitesLimit {
		t.Errorf("walkPageSize = %d, want api.MaxListInvitesLimit (%d)", walkPageSize, api.MaxListInvitesLimit)
	}
}
