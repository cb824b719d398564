package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// keyCommandTimeout bounds a profile's admin_key_command: time enough to
// type a passphrase, and an end for a command that never ends.
const keyCommandTimeout = 2 * time.Minute

// minRedactedKey is the shortest key in use that stderr redacts: a
// shorter one (a test gateway's "x") would redact every word it is part of.
const minRedactedKey = 8

// setting is one resolved setting and where it came from, for messages and
// for 'invites auth status': a flag, an environment variable, a profile, or
// the default.
type setting struct {
	value string
	from  string
}

// keySource is where the admin key comes from; exactly one of value, file
// and command is set.
type keySource struct {
	from    string   // for messages: "--admin-key-file FILE", "profile acme (admin_key_file FILE)"
	flag    string   // the flag or variable that names a file, for its messages
	value   string   // the key itself, from --admin-key or $OPENAI_ADMIN_KEY
	file    string   // a file that holds it ("-" for stdin)
	command []string // a command that prints it
}

// resolved are the settings of one invocation. Each comes from the first
// of: its flag, its environment variable, the profile, the default.
type resolved struct {
	configPath  string // the config file's path, read or not; "" for none
	profile     *profile
	profileFrom string // "--profile", "$INVITES_PROFILE" or "default_profile"
	baseURL     setting
	org         setting
	key         keySource // from "" when there is no key at all
	insecure    bool
	// overridden says which of the chosen profile's settings a flag or an
	// environment variable replaced, for a note.
	overridden []string
}

// resolve works out the settings from the flags, the environment and the
// profile, which --profile, else $INVITES_PROFILE, else the config file's
// default_profile names.
func (c *cli) resolve() (*resolved, error) {
	cfg, path, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	r := &resolved{configPath: path}
	name, from := c.global.profile, "--profile"
	if name == "" {
		name, from = c.getenv(envProfile), "$"+envProfile
	}
	if name == "" && cfg != nil {
		name, from = cfg.defaultProfile, "default_profile"
	}
	if name != "" {
		if cfg == nil {
			return nil, usageErrorf("%s %s: there is no config file (%s): create it with the profile, or see 'invites auth --help'", from, output.Printable(redactKeys(name, "")), output.OrDash(path))
		}
		if r.profile = cfg.profiles[name]; r.profile == nil {
			return nil, usageErrorf("%s: %s in %s", from, cfg.noProfile(name), path)
		}
		r.profileFrom = from
	}
	p := r.profile
	if p == nil {
		p = &profile{}
	}
	of := "profile " + p.name
	r.baseURL = r.first("base_url",
		setting{c.global.baseURL, "--base-url"},
		setting{c.getenv(api.EnvBaseURL), "$" + api.EnvBaseURL},
		setting{p.baseURL, of},
		setting{defaultBaseURL, "default"})
	r.org = r.first("organization",
		setting{c.global.org, "--org"},
		setting{c.getenv(api.EnvOrganization), "$" + api.EnvOrganization},
		setting{p.organization, of},
		setting{"", "none"})
	r.insecure = c.global.insecureHTTP || p.insecureHTTP
	r.key = c.keySource(p)
	if r.profile != nil && (p.adminKeyFile != "" || len(p.adminKeyCommand) > 0) && !strings.HasPrefix(r.key.from, of) {
		r.overridden = append(r.overridden, r.key.flagOrFrom()+" replaces its key")
	}
	return r, nil
}

// first returns the first setting with a value, and notes when it overrode
// the profile's field of that name.
func (r *resolved) first(field string, candidates ...setting) setting {
	for i, s := range candidates {
		if s.value == "" && i < len(candidates)-1 {
			continue
		}
		if r.profile != nil && i < 2 && candidates[2].value != "" && s.value != candidates[2].value {
			r.overridden = append(r.overridden, s.from+" replaces its "+field)
		}
		return s
	}
	return candidates[len(candidates)-1]
}

// keySource returns where the key comes from: --admin-key, else
// --admin-key-file, else $OPENAI_ADMIN_KEY, else $OPENAI_ADMIN_KEY_FILE,
// else the profile's admin_key_file or admin_key_command. Its from is ""
// when there is none.
func (c *cli) keySource(p *profile) keySource {
	switch {
	case c.global.adminKey != "":
		return keySource{from: "--admin-key", value: c.global.adminKey}
	case c.global.adminKeyFile != "":
		return keySource{from: "--admin-key-file " + c.global.adminKeyFile, flag: "--admin-key-file", file: c.global.adminKeyFile}
	case c.getenv(api.EnvAdminKey) != "":
		return keySource{from: "$" + api.EnvAdminKey, value: c.getenv(api.EnvAdminKey)}
	case c.getenv(envAdminKeyFile) != "":
		path := c.getenv(envAdminKeyFile)
		return keySource{from: "$" + envAdminKeyFile + " (" + path + ")", flag: "$" + envAdminKeyFile, file: path}
	case p.adminKeyFile != "":
		return keySource{from: "profile " + p.name + " (admin_key_file " + p.adminKeyFile + ")", flag: "profile " + p.name + ": admin_key_file", file: p.adminKeyFile}
	case len(p.adminKeyCommand) > 0:
		return keySource{from: "profile " + p.name + " (admin_key_command " + strings.Join(p.adminKeyCommand, " ") + ")", command: p.adminKeyCommand}
	}
	return keySource{}
}

// flagOrFrom names the source in a few words: the flag or variable.
func (k keySource) flagOrFrom() string {
	if k.flag != "" {
		return k.flag
	}
	return k.from
}

// readKey returns the admin key from its source, which it records for
// messages; stderr redacts the key from then on.
func (c *cli) readKey(ctx context.Context, src keySource) (string, error) {
	c.keyFrom = src.from
	var key string
	var err error
	switch {
	case src.value != "":
		key = src.value
	case src.file != "":
		key, err = c.keyFromFile(ctx, src.flag, src.file)
	case len(src.command) > 0:
		key, err = c.keyFromCommand(ctx, src)
	default:
		c.keyFrom = ""
		return "", usageErrorf("no admin key: set one with 'export %s=sk-admin-...' (an organization admin key), or --admin-key-file FILE, or a profile (see 'invites auth --help'), or add --mock to try the command on sample data", api.EnvAdminKey)
	}
	if err != nil {
		return "", err
	}
	if c.redactor != nil && len(key) >= minRedactedKey {
		c.redactor.setSecret(key)
	}
	return key, nil
}

// keyFromCommand runs a profile's admin_key_command, without a shell, and
// returns the one line it prints. Its stderr is the CLI's (a prompt for a
// passphrase shows); its stdin is empty. Ctrl-C ends it, and so does
// keyCommandTimeout.
func (c *cli) keyFromCommand(ctx context.Context, src keySource) (string, error) {
	runCtx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	// The command is the user's own, from their own config file.
	cmd := exec.CommandContext(runCtx, src.command[0], src.command[1:]...) //nolint:gosec // run as the config file says, without a shell
	out := &limitedBuffer{limit: maxKeyFile + 1}
	cmd.Stdout = out
	cmd.Stderr = c.stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "", ctx.Err()
	case runCtx.Err() != nil:
		return "", usageErrorf("%s: the command did not finish within %s", src.from, keyCommandTimeout)
	case errors.As(err, &exitErr):
		return "", usageErrorf("%s: the command failed (%v): it must print the admin key", src.from, exitErr.ProcessState)
	case err != nil:
		return "", usageErrorf("%s: %v", src.from, err)
	}
	return keyFromText(src.from, "the output", out.Bytes())
}

// limitedBuffer keeps the first limit bytes written to it and counts the
// rest, so that a command that prints without end costs no memory.
type limitedBuffer struct {
	bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.limit - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// noteOverrides says on stderr which settings of a profile that was chosen
// by name (--profile, $INVITES_PROFILE) a flag or the environment replaced,
// so that a key of one organization is not sent, unnoticed, with another's
// settings.
func (c *cli) noteOverrides(r *resolved) {
	if r.profile == nil || r.profileFrom == "default_profile" || len(r.overridden) == 0 {
		return
	}
	fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: profile %s (%s): %s; see 'invites auth status'", r.profile.name, r.profileFrom, strings.Join(r.overridden, "; "))))
}
