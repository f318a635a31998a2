package ownership_test

import (
	"fmt"
	"testing/fstest"

	"github.com/gatesel/gatesel/ownership"
)

func Example() {
	file := []byte(`
* @org/everyone
*.go @org/gophers
/docs/ @org/writers
/docs/generated/
`)
	rs, err := ownership.Parse("CODEOWNERS", file, ownership.GitHub)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"README.md", "cmd/main.go", "docs/guide/intro.md", "docs/generated/api.md"} {
		m := rs.Match(path)
		fmt.Printf("%s: %v (line %d)\n", path, m.Owners, m.Rules[0].Line)
	}
	// Output:
	// README.md: [@org/everyone] (line 2)
	// cmd/main.go: [@org/gophers] (line 3)
	// docs/guide/intro.md: [@org/writers] (line 4)
	// docs/generated/api.md: [] (line 5)
}

func ExampleParse_invalidLines() {
	file := []byte("* @all\n!secret.txt @nobody\nlib/ not-an-owner\n/lib/ @lib\n")
	rs, err := ownership.Parse("CODEOWNERS", file, ownership.GitHub)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, skipped := range rs.Skipped {
		fmt.Println(skipped)
	}
	fmt.Println(rs.Match("lib/x.c").Owners)
	// Output:
	// CODEOWNERS:2: unsupported pattern "!secret.txt": negation with "!" does not work in GitHub CODEOWNERS
	// CODEOWNERS:3: invalid owner "not-an-owner": want @user, @org/team or an email address
	// [@lib]
}

func ExampleLoad() {
	repo := fstest.MapFS{
		".github/CODEOWNERS": {Data: []byte("* @org/everyone\n/docs/ @org/writers\n!secret @nobody\n")},
	}
	rs, err := ownership.Load(repo, "", ownership.GitHub) // "": the host's first location that exists
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs.Name, rs.Match("docs/intro.md").Owners)
	for _, skipped := range rs.Skipped {
		fmt.Println(skipped)
	}
	_, err = ownership.Load(fstest.MapFS{}, "", ownership.GitHub)
	fmt.Println(err)
	// Output:
	// .github/CODEOWNERS [@org/writers]
	// .github/CODEOWNERS:3: unsupported pattern "!secret": negation with "!" does not work in GitHub CODEOWNERS
	// no CODEOWNERS file
}

func ExampleRuleset_Match_gitlab() {
	file := []byte(`* @maintainers
[Docs] @writers
docs/
!docs/CHANGELOG.md
^[Go][2]
*.go @gophers
`)
	rs, _ := ownership.Parse("CODEOWNERS", file, ownership.Auto)
	fmt.Println(rs.Dialect)
	for _, path := range []string{"docs/gen/main.go", "docs/CHANGELOG.md"} {
		m := rs.Match(path)
		fmt.Println(path, m.Owners)
		for _, r := range m.Rules {
			fmt.Printf("  line %d %q section %q\n", r.Line, r.Pattern, r.Section)
		}
	}
	// Output:
	// gitlab
	// docs/gen/main.go [@maintainers @writers @gophers]
	//   line 1 "*" section ""
	//   line 3 "docs/" section "Docs"
	//   line 6 "*.go" section "Go"
	// docs/CHANGELOG.md [@maintainers]
	//   line 1 "*" section ""
}

func ExampleDetectDialect() {
	fmt.Println(ownership.DetectDialect(".gitlab/CODEOWNERS", []byte("* @a\n")))
	fmt.Println(ownership.DetectDialect("CODEOWNERS", []byte("[Docs]\ndocs/ @d\n")))
	fmt.Println(ownership.DetectDialect(".github/CODEOWNERS", []byte("* @a\n")))
	// Output:
	// gitlab
	// gitlab
	// github
}
