package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// envConfig names the config file instead of its default place,
// invites/config.json in the user's config folder.
const envConfig = "INVITES_CONFIG"

// maxConfigFile is the most a config file may hold.
const maxConfigFile = 64 << 10

// config is the config file: named profiles, one per organization an admin
// manages, and the one to use when none is named.
//
// It is JSON, which the standard library reads strictly, so that the CLI
// needs no parser of its own and the module no dependency: every field is
// known (a misspelt one is refused, with the closest name), a field given
// twice is refused (encoding/json would let the last one win), names match
// exactly (not in any letter case, as encoding/json matches struct fields),
// and nothing expands as YAML's aliases do.
type config struct {
	path           string
	defaultProfile string
	profiles       map[string]*profile
}

// profile is one named set of settings: where the API is, which
// organization, and where the admin key comes from. It never holds the key
// itself.
type profile struct {
	name         string
	description  string
	baseURL      string
	organization string
	// adminKeyFile is the path of the file that holds the key, made
	// absolute: ~/ is the home folder, and a relative path is relative to
	// the config file's folder.
	adminKeyFile string
	// adminKeyCommand is a command, with its arguments, that prints the
	// key, run without a shell.
	adminKeyCommand []string
	insecureHTTP    bool
}

// profileFields are the fields of a profile, in the order the docs give them.
var profileFields = []string{"description", "base_url", "organization", "admin_key_file", "admin_key_command", "insecure_http"}

// configFields are the fields of the config file.
var configFields = []string{"default_profile", "profiles"}

// profileName is what a profile's name may be.
var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// configPath returns the path of the config file: $INVITES_CONFIG, else
// invites/config.json in the user's config folder; "" when there is no
// config folder.
func (c *cli) configPath() string {
	if p := c.getenv(envConfig); p != "" {
		return p
	}
	if c.userConfigDir == nil {
		return ""
	}
	dir, err := c.userConfigDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "invites", "config.json")
}

// loadConfig reads the config file and returns it with its path. A file
// that does not exist is no config (nil): a profile named then is refused,
// with the path.
func (c *cli) loadConfig() (*config, string, error) {
	path := c.configPath()
	if path == "" {
		return nil, "", nil
	}
	data, err := readPrivateFile(path, maxConfigFile+1)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, path, nil
	case err != nil:
		return nil, path, usageErrorf("config file: %v", err)
	case len(data) > maxConfigFile:
		return nil, path, usageErrorf("config file %s: more than %d bytes: it holds profiles, never more", path, maxConfigFile)
	}
	cfg, err := parseConfig(path, data)
	if err != nil {
		return nil, path, usageErrorf("config file %s: %v", path, err)
	}
	return cfg, path, nil
}

// parseConfig reads the config file at path from data.
func parseConfig(path string, data []byte) (*config, error) {
	cfg := &config{path: path, profiles: map[string]*profile{}}
	top, err := jsonObject(data, "the file")
	if err != nil {
		return nil, err
	}
	for _, f := range top {
		switch f.key {
		case "default_profile":
			if cfg.defaultProfile, err = jsonString(f.value, f.key); err != nil {
				return nil, err
			}
		case "profiles":
			profiles, err := jsonObject(f.value, "profiles")
			if err != nil {
				return nil, err
			}
			for _, pf := range profiles {
				p, err := parseProfile(path, pf.key, pf.value)
				if err != nil {
					return nil, err
				}
				cfg.profiles[p.name] = p
			}
		default:
			return nil, unknownField(f.key, "", configFields)
		}
	}
	if cfg.defaultProfile != "" && cfg.profiles[cfg.defaultProfile] == nil {
		return nil, fmt.Errorf("default_profile: %s", cfg.noProfile(cfg.defaultProfile))
	}
	return cfg, nil
}

// parseProfile reads the profile name from raw, its JSON object.
func parseProfile(path, name string, raw json.RawMessage) (*profile, error) {
	at := "profiles." + name
	if !profileName.MatchString(name) {
		return nil, fmt.Errorf("profiles: %q is not a profile name: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64", redactKeys(name, ""))
	}
	fields, err := jsonObject(raw, at)
	if err != nil {
		return nil, err
	}
	p := &profile{name: name}
	for _, f := range fields {
		field := at + "." + f.key
		switch f.key {
		case "description":
			p.description, err = jsonString(f.value, field)
		case "base_url":
			p.baseURL, err = jsonString(f.value, field)
		case "organization":
			p.organization, err = jsonString(f.value, field)
		case "admin_key_file":
			var file string
			if file, err = jsonString(f.value, field); err == nil {
				p.adminKeyFile, err = keyFilePath(path, file, field)
			}
		case "admin_key_command":
			p.adminKeyCommand, err = jsonCommand(f.value, field)
		case "insecure_http":
			if err = json.Unmarshal(f.value, &p.insecureHTTP); err != nil {
				err = fmt.Errorf("%s: must be true or false", field)
			}
		default:
			err = unknownField(f.key, at+".", profileFields)
		}
		if err != nil {
			return nil, err
		}
	}
	switch {
	case p.adminKeyFile != "" && len(p.adminKeyCommand) > 0:
		return nil, fmt.Errorf("%s: admin_key_file and admin_key_command cannot be used together: choose one", at)
	case p.baseURL == "" && hasField(fields, "base_url"):
		return nil, fmt.Errorf("%s.base_url: must not be empty: leave it out for %s", at, defaultBaseURL)
	}
	return p, nil
}

// keyFilePath makes a profile's admin_key_file absolute: ~/ is the home
// folder, and a relative path is relative to the config file's folder.
func keyFilePath(configPath, file, field string) (string, error) {
	switch {
	case file == "":
		return "", fmt.Errorf("%s: must not be empty: name the file that holds the key", field)
	case file == "~" || strings.HasPrefix(file, "~/") || strings.HasPrefix(file, `~\`):
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("%s: %w", field, err)
		}
		return filepath.Join(home, file[1:]), nil
	case filepath.IsAbs(file):
		return file, nil
	}
	return filepath.Join(filepath.Dir(configPath), file), nil
}

// noProfile says that there is no profile of this name, with the closest
// name there is, or the names.
func (cfg *config) noProfile(name string) string {
	names := cfg.names()
	name = output.Printable(redactKeys(name, ""))
	switch {
	case len(names) == 0:
		return fmt.Sprintf("no profile %q: the config file has none", name)
	case flags.Suggest(name, names) != "":
		return fmt.Sprintf("no profile %q: did you mean %q?", name, flags.Suggest(name, names))
	}
	return fmt.Sprintf("no profile %q (the profiles are %s)", name, strings.Join(names, ", "))
}

// names returns the profiles' names, sorted.
func (cfg *config) names() []string {
	names := make([]string, 0, len(cfg.profiles))
	for name := range cfg.profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// errKeyInConfig is the rule that a config file never holds a key.
const errKeyInConfig = "the config file must never hold an admin key: put the key in a file that only you may read (chmod 600) and name it with admin_key_file, or name a command that prints it with admin_key_command"

// unknownField refuses a field that the config file does not have, and
// above all one that would hold a key.
func unknownField(key, at string, known []string) error {
	lower := strings.ToLower(key)
	if strings.Contains(lower, "key") || strings.Contains(lower, "token") || strings.Contains(lower, "secret") {
		// Its rule names the fields there are for a key.
		return fmt.Errorf("%s%s: %s", at, key, errKeyInConfig)
	}
	if s := flags.Suggest(key, known); s != "" {
		return fmt.Errorf("%s%s: unknown field: did you mean %q?", at, key, s)
	}
	return fmt.Errorf("%s%s: unknown field (the fields are %s)", at, key, strings.Join(known, ", "))
}

// jsonField is one field of a JSON object, in the order of the text.
type jsonField struct {
	key   string
	value json.RawMessage
}

// jsonObject reads data as one JSON object, at the place named by at. Its
// keys are matched exactly; a key given twice, or one that holds what looks
// like an admin key, is refused.
func jsonObject(data []byte, at string) ([]jsonField, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil {
		return nil, jsonError(data, dec, at, err)
	} else if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("%s: must be a JSON object ({...})", at)
	}
	var fields []jsonField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonError(data, dec, at, err)
		}
		key, _ := tok.(string)
		if hasKeyShape(key) {
			return nil, fmt.Errorf("%s: %s", at, errKeyInConfig)
		}
		if slices.ContainsFunc(fields, func(f jsonField) bool { return f.key == key }) {
			return nil, fmt.Errorf("%s: %q is given twice", at, output.Printable(key))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(data, dec, at, err)
		}
		fields = append(fields, jsonField{key: key, value: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(data, dec, at, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: text after the closing }", at)
	}
	return fields, nil
}

// jsonError makes a JSON syntax error name its line.
func jsonError(data []byte, dec *json.Decoder, at string, err error) error {
	offset := dec.InputOffset()
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		offset = syntax.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: the JSON ends too soon", at)
	}
	line := 1 + bytes.Count(data[:min(int(offset), len(data))], []byte("\n"))
	return fmt.Errorf("%s: line %d of its JSON: %w", at, line, err)
}

// jsonString reads raw as a string, which must not look like a key.
func jsonString(raw json.RawMessage, field string) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: must be a string", field)
	}
	if hasKeyShape(s) {
		return "", fmt.Errorf("%s: holds what looks like an admin key: %s", field, errKeyInConfig)
	}
	return s, nil
}

// jsonCommand reads raw as a command: an array of strings, the program
// first.
func jsonCommand(raw json.RawMessage, field string) ([]string, error) {
	var argv []string
	if err := json.Unmarshal(raw, &argv); err != nil || len(argv) == 0 || argv[0] == "" {
		return nil, fmt.Errorf(`%s: must be the command and its arguments, as an array of strings such as ["pass", "show", "openai/acme"]`, field)
	}
	for _, a := range argv {
		if hasKeyShape(a) {
			return nil, fmt.Errorf("%s: holds what looks like an admin key: %s", field, errKeyInConfig)
		}
	}
	return argv, nil
}

// hasField reports whether fields has key.
func hasField(fields []jsonField, key string) bool {
	return slices.ContainsFunc(fields, func(f jsonField) bool { return f.key == key })
}
