package poserr

import "strings"

// OneLine folds a multi-line error text into one line, for a plan's
// escalation or a warning: lines are joined with "; ", except after a
// line that ends with a colon, which introduces the next one ("load
// policy from the base 934999fbab27:\nread policy ..." reads "load policy
// from the base 934999fbab27: read policy ...", not ":; read"). Runs of
// blanks become one space.
func OneLine(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(line)
	}
	return b.String()
}
