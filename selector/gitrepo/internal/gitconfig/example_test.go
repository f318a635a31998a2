package gitconfig_test

import (
	"fmt"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/gitconfig"
)

func ExampleParse() {
	entries, err := gitconfig.Parse("config", []byte("[core]\n\tfileMode = false ; comment\n[remote \"origin\"]\n\turl = \"a b\"\n"))
	fmt.Println(err)
	for _, e := range entries {
		fmt.Printf("%s=%q (line %d)\n", e.Key, e.Value, e.Line)
	}
	_, err = gitconfig.Parse("config", []byte("[core\n"))
	fmt.Println(err)
	// Output:
	// <nil>
	// core.filemode="false" (line 2)
	// remote.origin.url="a b" (line 4)
	// config:1: bad config line
}
