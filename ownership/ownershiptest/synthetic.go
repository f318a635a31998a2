package ownershiptest

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
)

var (
	areas = []string{"services", "libs", "tools", "apps", "infra"}
	dirs  = []string{"src", "internal", "pkg", "api", "docs", "testdata", "v1", "cmd", "web"}
	names = []string{"main.go", "util.go", "util_test.go", "README.md", "service.proto", "BUILD", "index.ts", "schema.sql", "Makefile", "config.yaml"}
)

// Synthetic returns a GitHub-dialect CODEOWNERS file of exactly rules
// rules (rules >= 8) and paths repository paths, both deterministic. The
// rules mix the forms real files use: a catch-all, extensions, floating
// names, rooted directories, "**" globs, "dir/*" and lines without owners;
// most paths sit in directories that rules name.
func Synthetic(rules, paths int) (codeowners []byte, files []string) {
	var b bytes.Buffer
	b.WriteString("# synthetic CODEOWNERS\n")
	global := []string{
		"* @org/everyone",
		"*.md @org/docs",
		"**/BUILD @org/build",
		"Makefile @org/build",
		"/.github/ @org/ci",
		"*.proto @org/api",
		"/infra/ @org/sre",
		"docs/* docs@example.com",
	}
	n := 0
	for _, g := range global {
		if n == rules {
			break
		}
		b.WriteString(g + "\n")
		n++
	}
	components := (rules - n + 1) / 2
	if components < 1 {
		components = 1
	}
	for i := 0; n < rules; i++ {
		c := component(i % components)
		var line string
		switch k := i / components; {
		case k == 0:
			line = fmt.Sprintf("/%s/ @org/team-%d", c, i%300)
		case i%4 == 0:
			line = fmt.Sprintf("/%s/**/*.proto @org/api-%d @org/team-%d", c, i%20, i%300)
		case i%4 == 1:
			line = fmt.Sprintf("%s/docs/* writer%d@example.com", c, i%50)
		case i%4 == 2:
			line = fmt.Sprintf("/%s/testdata/", c)
		default:
			line = fmt.Sprintf("/%s/internal/ @org/team-%d @user%d", c, (i+7)%300, i%1000)
		}
		b.WriteString(line + "\n")
		n++
	}
	rng := rand.New(rand.NewSource(42))
	files = make([]string, 0, paths)
	seen := make(map[string]bool, paths)
	var sb strings.Builder
	for len(files) < paths {
		sb.Reset()
		if rng.Intn(20) == 0 {
			sb.WriteString(".github/workflows/")
		} else {
			sb.WriteString(component(rng.Intn(components + components/10 + 1)))
			sb.WriteByte('/')
			for d := rng.Intn(4); d > 0; d-- {
				sb.WriteString(dirs[rng.Intn(len(dirs))])
				sb.WriteByte('/')
			}
		}
		fmt.Fprintf(&sb, "f%d_%s", rng.Intn(50), names[rng.Intn(len(names))])
		p := sb.String()
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	return b.Bytes(), files
}

// component names the i-th component directory: "services/comp0003".
func component(i int) string {
	return fmt.Sprintf("%s/comp%04d", areas[i%len(areas)], i)
}
