package output

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Printable makes text from the API or from input safe for a terminal and
// a table: control characters (escape sequences, tabs, newlines) and other
// characters that are not printable are shown escaped.
func Printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// OneLine joins the lines of msg, so that an error is one line on stderr.
func OneLine(msg string) string {
	return strings.Join(strings.Fields(msg), " ")
}

// Plural writes a count and a noun: "1 invite", "2 invites".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// OrDash returns s, or "-" when it is empty.
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// OrList writes values as "a, b or c".
func OrList(values []string) string {
	if len(values) == 1 {
		return values[0]
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// Indent puts prefix in front of every line of s.
func Indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// runeWidth is how many columns a terminal gives r: 0 for a combining mark,
// 2 for a character that Unicode's EastAsianWidth.txt calls wide or
// fullwidth (CJK, and emoji such as U+1F680), else 1.
func runeWidth(r rune) int {
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// Width is how many columns a terminal gives s, text that Printable has
// made safe.
func Width(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// FitMiddle cuts s to at most width columns by taking text out of its
// middle, replaced with "…", so that its start and its end stay: a path
// keeps its first folder and its file's name.
func FitMiddle(s string, width int) string {
	if Width(s) <= width {
		return s
	}
	if width <= 1 {
		return Fit(s, width)
	}
	runes := []rune(s)
	head, tail := 0, len(runes) // runes[:head] and runes[tail:] are kept
	used, budget := 0, width-1
	for head < tail {
		// Keep a rune from the end, then one from the start, while they fit.
		r := runes[tail-1]
		if used+runeWidth(r) > budget {
			break
		}
		used += runeWidth(r)
		tail--
		if head == tail {
			break
		}
		r = runes[head]
		if used+runeWidth(r) > budget {
			break
		}
		used += runeWidth(r)
		head++
	}
	return string(runes[:head]) + "…" + string(runes[tail:])
}

// Fit cuts s to at most width columns, ending it with "…" when it was cut.
func Fit(s string, width int) string {
	if Width(s) <= width {
		return s
	}
	if width <= 0 {
		return ""
	}
	n := 0
	for i, r := range s {
		if n+runeWidth(r) > width-1 {
			return s[:i] + "…"
		}
		n += runeWidth(r)
	}
	return s
}

// Wrap fits text into width columns, breaking lines at their spaces, so
// that every line fits unless one word alone is wider. Lines that start
// with no space are prose: consecutive ones are one paragraph, flowed anew.
// An indented line is wrapped on its own: its continuations keep its
// indentation, or, for a line of two aligned columns (a run of two or more
// spaces after its first words, as a list of flags has), start under the
// second column while that leaves it at least minHanging columns. A width
// of 0 or less changes nothing.
func Wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	var b strings.Builder
	var para []string
	flush := func() {
		if len(para) > 0 {
			b.WriteString(wrapLine(strings.Join(para, " "), width) + "\n")
			para = nil
		}
	}
	for line := range strings.Lines(text) {
		nl := strings.HasSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\n")
		if line != "" && !strings.HasPrefix(line, " ") && nl {
			para = append(para, line)
			continue
		}
		flush()
		b.WriteString(wrapLine(line, width))
		if nl {
			b.WriteByte('\n')
		}
	}
	flush()
	return b.String()
}

// minHanging is the fewest columns a wrapped column of text is given: a
// narrower one continues under the line's indentation instead.
const minHanging = 20

// wrapLine wraps one line, as Wrap says.
func wrapLine(line string, width int) string {
	if Width(line) <= width {
		return line
	}
	body := strings.TrimLeft(line, " ")
	indent := len(line) - len(body)
	hang := indent
	if i := strings.Index(body, "  "); i > 0 {
		gap := len(body[i:]) - len(strings.TrimLeft(body[i:], " "))
		if col := indent + Width(body[:i]) + gap; col <= width-minHanging {
			hang = col
		}
	}
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", indent))
	col := indent
	first := true
	// The words, each with the spaces before it: aligned columns keep
	// their padding on the first line.
	for len(body) > 0 {
		word := strings.TrimLeft(body, " ")
		spaces := body[:len(body)-len(word)]
		if i := strings.IndexByte(word, ' '); i >= 0 {
			word = word[:i]
		}
		body = body[len(spaces)+len(word):]
		w := Width(word)
		if !first && col+len(spaces)+w > width {
			b.WriteString("\n" + strings.Repeat(" ", hang))
			col = hang
			spaces = ""
		}
		b.WriteString(spaces + word)
		col += len(spaces) + w
		first = false
	}
	return b.String()
}
