package bench

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Fixed values of the fixture.
const (
	// AdminKey is the key every client sends and every transport expects.
	AdminKey = "sk-admin-bench-0123456789abcdef0123456789abcdef"
	// PageSize is the page size of the list and walk workloads.
	PageSize = 100
	// WalkTotal is how many invites the walk workload reads.
	WalkTotal = 10_000
	// RequestID is the x-request-id of every answer.
	RequestID = "req_0123456789abcdef0123456789abcdef"

	collectionPath = "/v1/organization/invites"
	itemPrefix     = collectionPath + "/"
	baseTime       = 1_711_471_533 // created_at of invite 0
)

// Record is an invite as every client must decode it. A null or absent
// timestamp is 0 here: openai-go decodes null as 0, and no timestamp of the
// fixture is 0.
type Record struct {
	Object     string
	ID         string
	Email      string
	Role       string
	Status     string
	CreatedAt  int64
	ExpiresAt  int64
	AcceptedAt int64
	Projects   []ProjectRecord
}

// ProjectRecord is a project membership of a Record.
type ProjectRecord struct {
	ID   string
	Role string
}

// PageRecord is a page of invites as every client must decode it. FirstID
// is empty for a client that does not expose it (openai-go).
type PageRecord struct {
	Data    []Record
	FirstID string
	LastID  string
	HasMore bool
}

// DeletedRecord is the answer to a delete.
type DeletedRecord struct {
	Object  string
	ID      string
	Deleted bool
}

// CreateRecord is the create request every client sends.
type CreateRecord struct {
	Email    string
	Role     string
	Projects []ProjectRecord
}

// CreateRequest is the request of the create workload.
var CreateRequest = CreateRecord{
	Email:    "ada.lovelace@example.com",
	Role:     "reader",
	Projects: []ProjectRecord{{ID: "proj_8f3kQm2vXa9LpR4t", Role: "member"}, {ID: "proj_Zt7wB1nYc6HsE0dU", Role: "owner"}},
}

// The words of the email addresses.
var (
	firstNames = []string{"ada", "grace", "alan", "edsger", "barbara", "donald", "frances", "ken", "margaret", "dennis", "radia", "niklaus"}
	lastNames  = []string{"lovelace", "hopper", "turing", "dijkstra", "liskov", "knuth", "allen", "thompson", "hamilton", "ritchie", "perlman", "wirth"}
	domains    = []string{"example.com", "example.org", "research.example.net", "eng.example.io"}
)

// InviteID returns the id of invite number i: "invite-", sixteen letters and
// digits that look random, and i in eight digits, so that a cursor tells
// which invite it names.
func InviteID(i int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b [16]byte
	x := uint64(i)*0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D //nolint:gosec // G115: invite numbers are never negative
	for k := range b {
		x ^= x >> 29
		x *= 0xBF58476D1CE4E5B9
		b[k] = alphabet[x%uint64(len(alphabet))]
	}
	return fmt.Sprintf("invite-%s%08d", b[:], i)
}

// inviteIndex returns the number of the invite an id names, or -1.
func inviteIndex(id string) int {
	if len(id) != len("invite-")+24 || !strings.HasPrefix(id, "invite-") {
		return -1
	}
	n, err := strconv.Atoi(id[len(id)-8:])
	if err != nil {
		return -1
	}
	return n
}

// MakeRecord returns invite number i of the fixture: a mix of statuses (an
// accepted invite has accepted_at; the others have it null), roles and zero
// to four projects.
func MakeRecord(i int) Record {
	first, last := firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)]
	r := Record{
		Object:    "organization.invite",
		ID:        InviteID(i),
		Email:     fmt.Sprintf("%s.%s.%d@%s", first, last, i, domains[i%len(domains)]),
		Role:      "reader",
		Status:    "pending",
		CreatedAt: baseTime - int64(i)*37,
	}
	r.ExpiresAt = r.CreatedAt + 7*24*3600
	if i%5 == 0 {
		r.Role = "owner"
	}
	switch i % 4 {
	case 1:
		r.Status = "accepted"
		r.AcceptedAt = r.CreatedAt + 3600 + int64(i%97)
	case 3:
		r.Status = "expired"
	}
	r.Projects = []ProjectRecord{}
	for k := range i % 5 {
		role := "member"
		if (i+k)%3 == 0 {
			role = "owner"
		}
		r.Projects = append(r.Projects, ProjectRecord{ID: "proj_" + InviteID(i*7 + k)[7:23], Role: role})
	}
	return r
}

// wireInvite is an invite as the API sends it; a zero timestamp is null.
type wireInvite struct {
	Object     string          `json:"object"`
	ID         string          `json:"id"`
	Email      string          `json:"email"`
	Role       string          `json:"role"`
	Status     string          `json:"status"`
	CreatedAt  int64           `json:"created_at"`
	ExpiresAt  *int64          `json:"expires_at"`
	AcceptedAt *int64          `json:"accepted_at"`
	Projects   []ProjectRecord `json:"projects"`
}

type wireProject struct {
	ID   string `json:"id"`
	Role string `json:"role"`
}

func toWire(r Record) wireInvite {
	w := wireInvite{Object: r.Object, ID: r.ID, Email: r.Email, Role: r.Role, Status: r.Status, CreatedAt: r.CreatedAt, Projects: r.Projects}
	if r.ExpiresAt != 0 {
		w.ExpiresAt = &r.ExpiresAt
	}
	if r.AcceptedAt != 0 {
		w.AcceptedAt = &r.AcceptedAt
	}
	return w
}

// MarshalJSON writes a project membership as the API does.
func (p ProjectRecord) MarshalJSON() ([]byte, error) {
	return json.Marshal(wireProject(p))
}

// marshal encodes v as the API does: indented by two spaces.
func marshal(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// InviteJSON is invite number i as the API sends it.
func InviteJSON(i int) []byte { return marshal(toWire(MakeRecord(i))) }

// Page returns the page of up to PageSize invites that starts with invite
// number start, of total invites in all.
func Page(start, total int) PageRecord {
	end := min(start+PageSize, total)
	p := PageRecord{HasMore: end < total}
	for i := start; i < end; i++ {
		p.Data = append(p.Data, MakeRecord(i))
	}
	if len(p.Data) > 0 {
		p.FirstID, p.LastID = p.Data[0].ID, p.Data[len(p.Data)-1].ID
	}
	return p
}

// PageJSON is the page that starts with invite number start as the API sends
// it.
func PageJSON(start, total int) []byte {
	p := Page(start, total)
	w := struct {
		Object  string       `json:"object"`
		Data    []wireInvite `json:"data"`
		FirstID *string      `json:"first_id"`
		LastID  *string      `json:"last_id"`
		HasMore bool         `json:"has_more"`
	}{Object: "list", Data: make([]wireInvite, len(p.Data)), HasMore: p.HasMore}
	for i, r := range p.Data {
		w.Data[i] = toWire(r)
	}
	if len(p.Data) > 0 {
		w.FirstID, w.LastID = &p.FirstID, &p.LastID
	}
	return marshal(w)
}

// Deleted is the answer to deleting invite number i.
func Deleted(i int) DeletedRecord {
	return DeletedRecord{Object: "organization.invite.deleted", ID: InviteID(i), Deleted: true}
}

// DeletedJSON is the answer to deleting invite number i as the API sends it.
func DeletedJSON(i int) []byte {
	d := Deleted(i)
	return marshal(struct {
		Object  string `json:"object"`
		ID      string `json:"id"`
		Deleted bool   `json:"deleted"`
	}{d.Object, d.ID, d.Deleted})
}
