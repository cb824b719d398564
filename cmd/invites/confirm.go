package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// needConfirmation reports whether the command must ask before acting, and
// fails when it cannot ask because stdin is not a terminal.
func (c *cli) needConfirmation(yes bool, what string) (bool, error) {
	if yes {
		return false, nil
	}
	if !c.stdinTerminal {
		return false, usageErrorf("refusing to %s without confirmation: stdin is not a terminal; add --yes", what)
	}
	return true, nil
}

// confirm asks question on stderr and reads the answer from stdin: only y or
// yes (in any case) is a yes. Ctrl-C while it waits ends it at once with
// context.Canceled, so that the command stops with nothing done.
func (c *cli) confirm(ctx context.Context, question string) (bool, error) {
	fmt.Fprintf(c.stderr, "%s [y/N] ", question)
	answer := make(chan string, 1)
	go func() {
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			line = ""
		}
		answer <- line
	}()
	var line string
	select {
	case line = <-answer:
	case <-ctx.Done():
		fmt.Fprintln(c.stderr)
		return false, ctx.Err()
	}
	if !strings.HasSuffix(line, "\n") {
		fmt.Fprintln(c.stderr)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}
