package main

import (
	"strings"

	"github.com/seed-a87280d7/invites/api"
)

// settings are what an error message points at: the API's base URL and
// where the admin key came from.
type settings struct {
	baseURL string // once connected; "" before
	keyFrom string // such as "$OPENAI_ADMIN_KEY" or "--admin-key-file FILE"; "" before the key is read
	// baseURLFrom says where the base URL came from, such as
	// "profile acme"; "" for the flag, the environment or the default.
	baseURLFrom string
}

// checkBaseURL is the hint at the settings that give the base URL.
func (s settings) checkBaseURL() string {
	if strings.HasPrefix(s.baseURLFrom, "profile ") {
		return "check base_url of " + s.baseURLFrom
	}
	return "check --base-url or $" + api.EnvBaseURL
}
