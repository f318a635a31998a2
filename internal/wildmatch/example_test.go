package wildmatch_test

import (
	"fmt"

	"github.com/gatesel/gatesel/internal/wildmatch"
)

func ExampleMatch() {
	fmt.Println(wildmatch.Match("x[!a].y", "xb.y", wildmatch.Pathname))
	fmt.Println(wildmatch.Match("x[!a].y", "xa.y", wildmatch.Pathname))
	fmt.Println(wildmatch.Match("v[[:digit:]]", "v7", wildmatch.Pathname))
	fmt.Println(wildmatch.Match("a/**/b", "a/b", wildmatch.Pathname))
	fmt.Println(wildmatch.Match("a*", "ab/c", wildmatch.Pathname))
	// Output:
	// true
	// false
	// true
	// true
	// false
}
