package synth

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path"
	"strings"
)

// codeowners renders a GitHub-dialect CODEOWNERS with exactly opt.Rules rules:
// a `*` default, toolchain and docs rules, one directory rule per service,
// library and contract, nested rules (directories, files, extensions, tests)
// that override them, and floating `*.proto` and `**/testdata/**` rules last.
// Owners are @org/team-N, the team of the service's domain for its directory.
func (l *layout) codeowners(rng *rand.Rand) []byte {
	head := []string{
		"* " + team(0),
		"/.github/ " + team(0),
		"/scripts/ci/ " + team(0) + " " + team(1),
		"go.mod " + team(0),
		"docs/* " + team(2) + " docs-team@example.com",
	}
	tail := []string{
		"*.proto " + team(1),
		"**/testdata/** " + team(3) + "  # fixtures are reviewed by QA",
	}
	n := l.opt.Rules
	if n <= len(head)+len(tail) {
		all := append(append([]string{}, head...), tail...)
		return render(all[:n])
	}
	middle := n - len(head) - len(tail)
	rules := append([]string{}, head...)
	seen := make(map[string]bool, n)
	addRule := func(pattern, owners string) bool {
		if len(rules) == len(head)+middle || seen[pattern] {
			return false
		}
		seen[pattern] = true
		rules = append(rules, strings.TrimSpace(pattern+" "+owners))
		return true
	}
	for _, sv := range l.services {
		addRule("/"+sv.dir+"/", team(sv.domain))
	}
	for i, lib := range l.libs {
		addRule("/libs/"+lib+"/", team(l.services[l.libOwner[i]].domain))
	}
	for _, c := range l.contracts {
		addRule("/api/"+c.name+"/", team(l.services[c.providers[0]].domain))
	}
	var code []int // service and library files, which nested rules refine
	for i, f := range l.files {
		if f.kind == kindService || f.kind == kindLib {
			code = append(code, i)
		}
	}
	teams := 2 * max(l.opt.Domains, 1)
	for tries := 0; len(rules) < len(head)+middle && tries < 4*middle; tries++ {
		p := l.files[code[rng.IntN(len(code))]].path
		dir := path.Dir(p)
		var pattern string
		switch rng.IntN(6) {
		case 0, 1:
			pattern = "/" + dir + "/"
		case 2:
			pattern = "/" + p
		case 3:
			pattern = "/" + dir + "/*.go"
		case 4:
			pattern = "/" + topDir(p) + "/**/*_test.go"
		default:
			pattern = dir + "/" // a slash inside anchors it all the same
		}
		var owners string
		switch r := rng.IntN(50); {
		case r == 0:
			owners = "" // matches, and leaves the files unowned
		case r < 5:
			owners = team(rng.IntN(teams)) + " " + team(rng.IntN(teams))
		case r < 7:
			owners = fmt.Sprintf("dev%02d@example.com", rng.IntN(50))
		default:
			owners = team(rng.IntN(teams))
		}
		addRule(pattern, owners)
	}
	for _, i := range code { // exact files, when the draws ran out of new patterns
		addRule("/"+l.files[i].path, team(rng.IntN(teams)))
	}
	rules = append(rules, tail...)
	return render(rules)
}

// topDir is the service or library directory of a path: its first two segments.
func topDir(p string) string {
	for i, slash := 0, 0; i < len(p); i++ {
		if p[i] == '/' {
			if slash++; slash == 2 {
				return p[:i]
			}
		}
	}
	return p
}

// render writes the rules with a header and a comment every 500 rules.
func render(rules []string) []byte {
	var b bytes.Buffer
	b.WriteString("# CODEOWNERS of a synthetic monorepo (GitHub dialect): the last matching rule wins.\n\n")
	for i, r := range rules {
		if i > 0 && i%500 == 0 {
			fmt.Fprintf(&b, "\n# rules %d and on\n", i+1)
		}
		b.WriteString(r)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
