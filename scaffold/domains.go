package scaffold

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
)

// writeDomains writes a domain per CODEOWNERS owner whose rules cover less
// than the whole tree (an owner of every file is no lane of its own).
func writeDomains(b *bytes.Buffer, opt Options, taken map[string]bool) {
	if opt.Owners == nil || len(opt.Files) == 0 {
		return
	}
	count := map[string]int{}
	var order []string
	for _, f := range opt.Files {
		for _, o := range opt.Owners.Match(f).Owners {
			if count[o] == 0 {
				order = append(order, o)
			}
			count[o]++
		}
	}
	slices.Sort(order)
	first := true
	for _, o := range order {
		if count[o] == len(opt.Files) {
			continue
		}
		if first {
			b.WriteString("\n# One lane per CODEOWNERS owner: add the gates a team runs on its files.\ndomains:\n")
			first = false
		}
		fmt.Fprintf(b, "  %s:\n    owners: [%s]\n    # gates: [lint]\n", name(taken, o), strconv.Quote(o))
	}
}
