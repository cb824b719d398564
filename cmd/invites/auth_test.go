package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// profileKey is a key-shaped secret that no test server accepts: what a
// config file must never hold, and no message may show.
const profileKey = "sk-admin-Zq8vT3pL0wXy7RmN4bKc"

// writeConfig writes the config file of the config folder dir with mode.
func writeConfig(t *testing.T, dir, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, "invites", "config.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeKey writes a key file of mode 0600 in dir.
func writeKey(t *testing.T, dir, name, key string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestProfilePrecedence resolves the settings from flags, the environment,
// the profile and the defaults: a flag wins over the environment, which wins
// over the profile, which wins over the default; the profile is --profile,
// else $INVITES_PROFILE, else default_profile.
func TestProfilePrecedence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acmeKey := writeKey(t, dir, "acme.key", apitest.AdminKey)
	config := fmt.Sprintf(`{
  "default_profile": "acme",
  "profiles": {
    "acme": {"base_url": "https://acme.example/v1", "organization": "org-acme", "admin_key_file": %q},
    "globex": {"organization": "org-globex", "admin_key_command": ["cat", "globex.key"]}
  }
}`, acmeKey)
	writeConfig(t, dir, config, 0o600)
	noDefault := t.TempDir()
	writeConfig(t, noDefault, `{"profiles": {"acme": {"base_url": "https://acme.example/v1"}}}`, 0o600)

	type got struct{ Profile, BaseURL, Org, Key string }
	for _, tt := range []struct {
		name  string
		flags globalFlags
		env   map[string]string
		want  got
	}{
		{"default_profile", globalFlags{}, nil,
			got{"acme default_profile", "https://acme.example/v1 profile acme", "org-acme profile acme", "profile acme (admin_key_file " + acmeKey + ")"}},
		{"$INVITES_PROFILE over default_profile", globalFlags{}, map[string]string{"INVITES_PROFILE": "globex"},
			got{"globex $INVITES_PROFILE", "https://api.openai.com/v1 default", "org-globex profile globex", "profile globex (admin_key_command cat globex.key)"}},
		{"--profile over $INVITES_PROFILE", globalFlags{profile: "acme"}, map[string]string{"INVITES_PROFILE": "globex"},
			got{"acme --profile", "https://acme.example/v1 profile acme", "org-acme profile acme", "profile acme (admin_key_file " + acmeKey + ")"}},
		{"environment over profile", globalFlags{profile: "acme"}, map[string]string{"OPENAI_BASE_URL": "https://env.example/v1", "OPENAI_ORG_ID": "org-env", "OPENAI_ADMIN_KEY": "k"},
			got{"acme --profile", "https://env.example/v1 $OPENAI_BASE_URL", "org-env $OPENAI_ORG_ID", "$OPENAI_ADMIN_KEY"}},
		{"key file variable over profile", globalFlags{profile: "acme"}, map[string]string{"OPENAI_ADMIN_KEY_FILE": "/k"},
			got{"acme --profile", "https://acme.example/v1 profile acme", "org-acme profile acme", "$OPENAI_ADMIN_KEY_FILE (/k)"}},
		{"flags over environment", globalFlags{profile: "acme", baseURL: "https://flag.example/v1", org: "org-flag", adminKeyFile: "/f"}, map[string]string{"OPENAI_BASE_URL": "https://env.example/v1", "OPENAI_ORG_ID": "org-env", "OPENAI_ADMIN_KEY": "k"},
			got{"acme --profile", "https://flag.example/v1 --base-url", "org-flag --org", "--admin-key-file /f"}},
		{"--admin-key over all", globalFlags{adminKey: "k"}, map[string]string{"OPENAI_ADMIN_KEY_FILE": "/k"},
			got{"acme default_profile", "https://acme.example/v1 profile acme", "org-acme profile acme", "--admin-key"}},
		{"defaults without a profile", globalFlags{}, map[string]string{"XDG_CONFIG_HOME": noDefault},
			got{"", "https://api.openai.com/v1 default", " none", ""}},
		{"defaults without a config file", globalFlags{}, map[string]string{"XDG_CONFIG_HOME": t.TempDir(), "OPENAI_ADMIN_KEY": "k"},
			got{"", "https://api.openai.com/v1 default", " none", "$OPENAI_ADMIN_KEY"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"XDG_CONFIG_HOME": dir}
			for k, v := range tt.env {
				vars[k] = v
			}
			inv := invocation{env: vars}
			c := &cli{env: &env{lookupEnv: func(name string) (string, bool) { v, ok := inv.env[name]; return v, ok }, userConfigDir: func() (string, error) { return inv.env["XDG_CONFIG_HOME"], nil }}, global: tt.flags}
			r, err := c.resolve()
			if err != nil {
				t.Fatal(err)
			}
			var g got
			if r.profile != nil {
				g.Profile = r.profile.name + " " + r.profileFrom
			}
			g.BaseURL, g.Org, g.Key = r.baseURL.value+" "+r.baseURL.from, r.org.value+" "+r.org.from, r.key.from
			difftest.Check(t, tt.name, g, tt.want)
		})
	}
}

// TestAuthStatus checks keys with 'invites auth status' against the fake:
// a key that works (from a profile's file, and from its command), one the
// API refuses (401), one that may not read invites (403), in text and JSON,
// with the organization the API's answer names.
func TestAuthStatus(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	fault, err := apitest.ParseFault("GET /organization/invites 403")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := newTestServer(t, apitest.WithFaults(fault))
	_, withOrg := wrappedServer(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Openai-Organization", "org-acme")
			next.ServeHTTP(w, r)
		})
	})
	dir := t.TempDir()
	good := writeKey(t, dir, "good.key", apitest.AdminKey)
	wrong := writeKey(t, dir, "wrong.key", profileKey)
	writeConfig(t, dir, fmt.Sprintf(`{
  "profiles": {
    "acme": {"description": "Acme, production", "base_url": %q, "organization": "org-acme", "admin_key_file": "../good.key"},
    "command": {"base_url": %q, "admin_key_command": ["cat", %q]},
    "refused": {"base_url": %q, "admin_key_file": %q},
    "forbidden": {"base_url": %q, "admin_key_file": %q}
  }
}`, withOrg, srv.BaseURL(), good, srv.BaseURL(), wrong, forbidden.BaseURL(), good), 0o600)
	env := map[string]string{"XDG_CONFIG_HOME": dir}
	replace := []string{dir, "DIR", srv.BaseURL(), "FAKE", forbidden.BaseURL(), "FORBIDDEN", withOrg, "WITHORG"}
	for _, tt := range []struct {
		golden string
		args   []string
		env    map[string]string
		code   int
	}{
		{"auth_status", []string{"auth", "status", "--profile", "acme"}, env, exitOK},
		{"auth_status_command", []string{"auth", "status", "-o", "json"}, map[string]string{"XDG_CONFIG_HOME": dir, "INVITES_PROFILE": "command"}, exitOK},
		{"auth_status_401", []string{"auth", "status", "--profile", "refused"}, env, exitFailure},
		{"auth_status_403", []string{"auth", "status", "--profile", "forbidden", "-o", "json"}, env, exitFailure},
		{"auth_status_overridden", []string{"auth", "status", "--profile", "refused"}, map[string]string{"XDG_CONFIG_HOME": dir, "OPENAI_ADMIN_KEY": apitest.AdminKey}, exitOK},
		{"auth_profiles", []string{"auth", "profiles"}, map[string]string{"XDG_CONFIG_HOME": dir, "INVITES_PROFILE": "acme"}, exitOK},
	} {
		inv := invocation{args: tt.args, env: tt.env}
		got := runCLI(t, inv)
		if got.code != tt.code {
			t.Errorf("%s: exit %d, want %d: %s", tt.golden, got.code, tt.code, got.stderr)
		}
		if strings.Contains(got.stdout+got.stderr, profileKey) || strings.Contains(got.stdout+got.stderr, apitest.AdminKey) {
			t.Errorf("%s: a key is shown:\n%s%s", tt.golden, got.stdout, got.stderr)
		}
		if strings.Contains(tt.golden, "json") || slicesContains(tt.args, "json") {
			var v map[string]any
			if err := json.Unmarshal([]byte(got.stdout), &v); err != nil {
				t.Errorf("%s: not JSON: %v", tt.golden, err)
			}
		}
		if tt.golden == "auth_profiles" {
			// The table's columns are as wide as the temporary directory's
			// path, whose length changes from run to run and machine to
			// machine: compare it with its padding collapsed.
			got.stdout = padding.ReplaceAllString(got.stdout, "  ")
		}
		checkGolden(t, tt.golden, inv, got, replace...)
	}
}

// padding is a run of the spaces that align a table's columns.
var padding = regexp.MustCompile(` {2,}`)

// slicesContains reports whether s holds v.
func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestConfigRefused refuses config files that hold a key, that others may
// read, that are not files, or whose fields are wrong, naming the field and
// the rule, before anything is sent; and never shows the key.
func TestConfigRefused(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	ok := fmt.Sprintf(`{"profiles": {"acme": {"base_url": %q, "admin_key_file": "k"}}}`, srv.BaseURL())
	for _, tt := range []struct {
		name   string
		config string
		mode   os.FileMode
		args   []string
		stderr string
	}{
		{"readable by others", ok, 0o644, nil, "can be read or written by others (mode 0644): run 'chmod 600 DIR/invites/config.json'"},
		{"writable by the group", ok, 0o620, nil, "can be read or written by others (mode 0620)"},
		{"the key itself", `{"profiles": {"acme": {"admin_key": "` + profileKey + `"}}}`, 0o600, nil, "profiles.acme.admin_key: the config file must never hold an admin key: put the key in a file that only you may read (chmod 600) and name it with admin_key_file"},
		{"an api key", `{"profiles": {"acme": {"api_key": "x"}}}`, 0o600, nil, "profiles.acme.api_key: the config file must never hold an admin key"},
		{"a key in another field", `{"profiles": {"acme": {"organization": " ` + profileKey + `"}}}`, 0o600, nil, "profiles.acme.organization: holds what looks like an admin key"},
		{"a key in the command", `{"profiles": {"acme": {"admin_key_command": ["echo", "\"` + profileKey + `\""]}}}`, 0o600, nil, "profiles.acme.admin_key_command: holds what looks like an admin key"},
		{"a key as a field's name", `{"profiles": {"acme": {"` + profileKey + `": 1}}}`, 0o600, nil, "profiles.acme: the config file must never hold an admin key"},
		{"a misspelt field", `{"profiles": {"acme": {"base_ur": "x"}}}`, 0o600, nil, `profiles.acme.base_ur: unknown field: did you mean "base_url"?`},
		{"a field in another case", `{"profiles": {"acme": {"Base_URL": "x"}}}`, 0o600, nil, `profiles.acme.Base_URL: unknown field`},
		{"a field twice", `{"profiles": {"acme": {"organization": "a", "organization": "b"}}}`, 0o600, nil, `profiles.acme: "organization" is given twice`},
		{"file and command", `{"profiles": {"acme": {"admin_key_file": "k", "admin_key_command": ["cat", "k"]}}}`, 0o600, nil, "profiles.acme: admin_key_file and admin_key_command cannot be used together"},
		{"a command that is a string", `{"profiles": {"acme": {"admin_key_command": "pass show acme"}}}`, 0o600, nil, "profiles.acme.admin_key_command: must be the command and its arguments, as an array of strings"},
		{"not JSON", "{\n\"profiles\": {,}\n}", 0o600, nil, "the file: line 2 of its JSON: invalid character ','"},
		{"a bad name", `{"profiles": {"a b": {}}}`, 0o600, nil, `profiles: "a b" is not a profile name`},
		{"a default that is not there", `{"default_profile": "acme", "profiles": {}}`, 0o600, nil, `default_profile: no profile "acme": the config file has none`},
		{"an unknown profile", ok, 0o600, []string{"--profile", "acm"}, `--profile: no profile "acm": did you mean "acme"? in DIR/invites/config.json`},
		{"an empty base URL", `{"profiles": {"acme": {"base_url": ""}}}`, 0o600, nil, "profiles.acme.base_url: must not be empty"},
		{"insecure_http not a bool", `{"profiles": {"acme": {"insecure_http": "yes"}}}`, 0o600, nil, "profiles.acme.insecure_http: must be true or false"},
		{"with --mock", ok, 0o600, []string{"--mock", "--profile", "acme"}, "--mock and --profile cannot be used together"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeConfig(t, dir, tt.config, tt.mode)
			args := append([]string{"list"}, tt.args...)
			got := runCLI(t, invocation{args: args, env: map[string]string{"XDG_CONFIG_HOME": dir, "OPENAI_ADMIN_KEY": apitest.AdminKey, "OPENAI_BASE_URL": srv.BaseURL()}})
			stderr := strings.ReplaceAll(got.stderr, dir, "DIR")
			if got.code != exitUsage || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d; stderr %q, want %q", got.code, exitUsage, stderr, tt.stderr)
			}
			if strings.Contains(got.stderr, profileKey) {
				t.Errorf("the key is on stderr: %q", got.stderr)
			}
		})
	}
	t.Run("no config file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		got := runCLI(t, invocation{args: []string{"list", "--profile", "acme"}, env: map[string]string{"XDG_CONFIG_HOME": dir}})
		want := "invites: --profile acme: there is no config file (" + filepath.Join(dir, "invites", "config.json") + "): create it with the profile"
		if got.code != exitUsage || !strings.HasPrefix(got.stderr, want) {
			t.Errorf("exit %d; stderr %q, want %q", got.code, got.stderr, want)
		}
	})
	t.Run("a folder", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "invites", "config.json"), 0o700); err != nil {
			t.Fatal(err)
		}
		got := runCLI(t, invocation{args: []string{"list"}, env: map[string]string{"XDG_CONFIG_HOME": dir}})
		if got.code != exitUsage || !strings.Contains(got.stderr, "config.json is a folder, not a regular file") {
			t.Errorf("exit %d; stderr %q", got.code, got.stderr)
		}
	})
}

// TestKeyCommand reads the key from a profile's admin_key_command: the one
// line it prints; a command that fails, prints nothing, or never ends
// (Ctrl-C ends the wait) is refused, naming the profile and the command.
func TestKeyCommand(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, apitest.WithSampleInvites(2))
	dir := t.TempDir()
	key := writeKey(t, dir, "key", apitest.AdminKey)
	writeConfig(t, dir, fmt.Sprintf(`{"profiles": {
  "cat": {"base_url": %[1]q, "admin_key_command": ["cat", %[2]q]},
  "fails": {"base_url": %[1]q, "admin_key_command": ["sh", "-c", "echo no vault >&2; exit 3"]},
  "silent": {"base_url": %[1]q, "admin_key_command": ["true"]},
  "missing": {"base_url": %[1]q, "admin_key_command": ["invites-no-such-command"]},
  "hangs": {"base_url": %[1]q, "admin_key_command": ["sleep", "60"]}
}}`, srv.BaseURL(), key), 0o600)
	env := map[string]string{"XDG_CONFIG_HOME": dir}
	for _, tt := range []struct {
		profile string
		code    int
		stderr  string
	}{
		{"cat", exitOK, ""},
		{"fails", exitUsage, "no vault\ninvites: profile fails (admin_key_command sh -c echo no vault >&2; exit 3): the command failed (exit status 3): it must print the admin key"},
		{"silent", exitUsage, "profile silent (admin_key_command true): the output is empty"},
		{"missing", exitUsage, "profile missing (admin_key_command invites-no-such-command): exec: \"invites-no-such-command\": executable file not found"},
	} {
		got := runCLI(t, invocation{args: []string{"list", "-o", "ids", "--profile", tt.profile}, env: env})
		if got.code != tt.code || !strings.Contains(got.stderr, tt.stderr) {
			t.Errorf("%s: exit %d, want %d; stderr %q, want %q", tt.profile, got.code, tt.code, got.stderr, tt.stderr)
		}
		if tt.code == exitOK && len(strings.Fields(got.stdout)) != 2 {
			t.Errorf("%s: %q", tt.profile, got.stdout)
		}
	}

	runCtrlC(t, invocation{args: []string{"list", "--profile", "hangs"}, env: env}, 100*time.Millisecond, "the key command")
}

// TestProfilesProcess runs the built command with a temporary HOME and
// XDG_CONFIG_HOME, so that it finds its config file where os.UserConfigDir
// says: 'auth status' and 'list' use the profile that $INVITES_PROFILE
// names, and a config file others may read is refused.
func TestProfilesProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the config folder is $XDG_CONFIG_HOME on Linux only")
	}
	bin := buildCommand(t)
	srv := newTestServer(t, apitest.WithSampleInvites(3))
	home := t.TempDir()
	configHome := filepath.Join(home, "xdg")
	key := writeKey(t, home, "acme.key", apitest.AdminKey)
	config := writeConfig(t, configHome, fmt.Sprintf(`{"profiles": {"acme": {"base_url": %q, "admin_key_file": %q}}}`, srv.BaseURL(), key), 0o600)
	var env []string
	for _, kv := range childEnv() {
		if !strings.HasPrefix(kv, envConfig+"=") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+configHome, "INVITES_PROFILE=acme")
	runBin := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return stdout.String(), stderr.String(), code
	}
	stdout, stderr, code := runBin("auth", "status")
	if code != exitOK || !strings.Contains(stdout, "profile:            acme ($INVITES_PROFILE)\nconfig file:        "+config+"\n") || !strings.Contains(stdout, "read invites:       yes") {
		t.Errorf("auth status: exit %d\n%s%s", code, stdout, stderr)
	}
	if stdout, stderr, code := runBin("list", "-o", "ids"); code != exitOK || len(strings.Fields(stdout)) != 3 {
		t.Errorf("list: exit %d\n%s%s", code, stdout, stderr)
	}
	if err := os.Chmod(config, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin("list"); code != exitUsage || !strings.Contains(stderr, "run 'chmod 600 "+config+"'") {
		t.Errorf("a config file others may read: exit %d: %s", code, stderr)
	}
}

// TestAuthUsage refuses what auth cannot do, naming the rule.
func TestAuthUsage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"auth"}, "auth needs status or profiles"},
		{[]string{"auth", "login"}, `auth: unknown subcommand "login": use status or profiles`},
		{[]string{"auth", "status", "now"}, `auth status takes no arguments, got "now"`},
		{[]string{"auth", "status", "-o", "csv"}, `auth takes -o table or json, got "csv"`},
		{[]string{"--mock", "auth", "status"}, "auth status checks a real key: leave --mock out"},
		{[]string{"auth", "status"}, "no admin key"},
	} {
		got := runCLI(t, invocation{args: tt.args})
		if got.code != exitUsage || !strings.Contains(got.stderr, tt.stderr) {
			t.Errorf("%v: exit %d; stderr %q, want %q", tt.args, got.code, got.stderr, tt.stderr)
		}
	}
	got := runCLI(t, invocation{args: []string{"auth", "profiles"}, env: map[string]string{"XDG_CONFIG_HOME": t.TempDir()}})
	if got.code != exitOK || got.stdout != "" || !strings.Contains(got.stderr, "invites: no profiles: the config file ") {
		t.Errorf("no profiles: exit %d; %q %q", got.code, got.stdout, got.stderr)
	}
}
