package ignore_test

import (
	"fmt"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/ignore"
)

func ExampleMatcher() {
	root := ignore.Parse(".gitignore", []byte("*.log\n!keep.log\nbuild/\n"), "")
	sub := ignore.Parse("docs/.gitignore", []byte("/*.tmp\n"), "docs/")
	m := ignore.New(root).With(sub)
	fmt.Println(m.Ignored("a/x.log", false))
	fmt.Println(m.Ignored("keep.log", false))
	fmt.Println(m.Ignored("build", true), m.Ignored("build", false))
	fmt.Println(m.Ignored("docs/a.tmp", false), m.Ignored("docs/sub/a.tmp", false))
	p := m.Match("keep.log", false)
	fmt.Printf("%s:%d: %s\n", p.Source, p.Line, p.Text)
	// Output:
	// true
	// false
	// true false
	// true false
	// .gitignore:2: !keep.log
}
