package apitest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// addSamples stores n made-up invites, dated around at, as AddSampleInvites
// describes them. The store's seed and its count of samples choose them, so
// the same seed gives the same invites.
func (s *store) addSamples(n int, at time.Time) {
	names := []string{"ada", "grace", "alan", "barbara", "dennis", "edsger", "frances", "ken", "margaret", "linus"}
	domains := []string{"example.com", "example.org", "example.net"}
	projectIDs := []string{DefaultProjectID, "proj_research", "proj_analytics", "proj_website"}

	now := at.Unix()
	const day = 24 * 60 * 60
	for range n {
		s.sampleSeq++
		rng := rand.New(rand.NewPCG(uint64(s.seed), 1<<63|s.sampleSeq)) //nolint:gosec // G404: seeded on purpose, so samples repeat
		inv := api.Invite{
			Object:   api.InviteObjectOrganizationInvite,
			ID:       s.newID(),
			Email:    fmt.Sprintf("%s.%d@%s", names[rng.IntN(len(names))], s.sampleSeq, domains[rng.IntN(len(domains))]),
			Role:     api.RoleReader,
			Projects: []api.Project{},
		}
		if rng.IntN(4) == 0 {
			inv.Role = api.RoleOwner
		}
		for _, i := range rng.Perm(len(projectIDs))[:rng.IntN(3)] {
			role := api.ProjectRoleMember
			if rng.IntN(5) == 0 {
				role = api.ProjectRoleOwner
			}
			inv.Projects = append(inv.Projects, api.Project{ID: projectIDs[i], Role: role})
		}
		switch p := rng.IntN(20); {
		case p < 12: // pending, sent within the last six days
			inv.Status = api.InviteStatusPending
			inv.CreatedAt = api.UnixTime(now - rng.Int64N(6*day))
		case p < 17: // accepted within three days of being sent
			inv.Status = api.InviteStatusAccepted
			inv.CreatedAt = api.UnixTime(now - 3*day - rng.Int64N(60*day))
			accepted := inv.CreatedAt + api.UnixTime(1+rng.Int64N(3*day))
			inv.AcceptedAt = &accepted
		default: // expired, sent more than a week ago
			inv.Status = api.InviteStatusExpired
			inv.CreatedAt = api.UnixTime(now - 8*day - rng.Int64N(60*day))
		}
		expires := inv.CreatedAt + api.UnixTime(inviteTTL/time.Second)
		inv.ExpiresAt = &expires
		s.insert(inv)
	}
}
