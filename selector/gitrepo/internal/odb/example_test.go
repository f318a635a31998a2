package odb_test

import (
	"fmt"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

func ExampleDecodeTree() {
	hash := make([]byte, 20)
	data := append([]byte("100755 run.sh\x00"), hash...)
	data = append(data, append([]byte("40000 src\x00"), hash...)...)
	entries, ok := odb.DecodeTree(data)
	fmt.Println(ok)
	for _, e := range entries {
		fmt.Printf("%o %s\n", uint32(e.Mode), e.Name)
	}
	// Output:
	// true
	// 100755 run.sh
	// 40000 src
}
