package render

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Escape makes s safe to print in a human format (text, markdown, the
// explanations, graph labels): every rune that is not printable — a
// newline, CR, tab, ESC and the other C0 and C1 controls, DEL, the
// Unicode format characters such as the bidi overrides — is written as a
// visible Go escape (\n, \r, \t, \x1b, \u0085, \u202e), and so is each
// byte of invalid UTF-8 (\xff). A file name can then neither start a line
// of its own (a forged gate) nor reach the terminal as a control
// sequence. Backslashes are left as they are: a name that holds a literal
// `\n` prints the same as one that holds a newline, but on one line.
func Escape(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return s // the common case: printable ASCII
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
		case strconv.IsPrint(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// EscapeAll escapes each string of ss (Escape).
func EscapeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Escape(s)
	}
	return out
}

// mdText escapes s for a Markdown table cell or list item: control
// characters become visible escapes (Escape); `|`, Markdown punctuation
// and HTML are backslash-escaped; and every word that holds an `@` is a
// code span, so that a path or owner such as @acme/everyone/x never
// mentions a team or a person in a pull-request comment.
func mdText(s string) string {
	words := strings.Split(Escape(s), " ")
	for i, w := range words {
		if strings.Contains(w, "@") {
			words[i] = mdCode(w)
			continue
		}
		var b strings.Builder
		for j := 0; j < len(w); j++ {
			switch c := w[j]; c {
			case '\\', '|', '*', '_', '`', '[', ']', '<', '>', '#', '~', '&':
				b.WriteByte('\\')
				b.WriteByte(c)
			default:
				b.WriteByte(c)
			}
		}
		words[i] = b.String()
	}
	return strings.Join(words, " ")
}

// mdCode writes s as a code span that stays inside a table cell: control
// characters become visible escapes (Escape), `|` is escaped (GitHub
// splits cells before it parses code spans), and the fence is longer than
// any run of backticks in s, padded with a space on each side when s
// holds a backtick or is padded itself (CommonMark strips one space on
// each side). A code span is never a mention, a link or HTML.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(Escape(s), "|", `\|`)
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.TrimSpace(s) != "" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdList writes owners or claims as code spans, "—" for none.
func mdList(items []string) string {
	if len(items) == 0 {
		return "—"
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = mdCode(it)
	}
	return strings.Join(out, ", ")
}
