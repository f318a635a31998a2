package audit_test

import (
	"fmt"

	"github.com/gatesel/gatesel/audit"
)

// ParseFailures reads the instances that failed in full runs, TSV or JSON.
func ExampleParseFailures() {
	fails, err := audit.ParseFailures("failures.tsv", []byte("# commit\tfailed instances\nv1.2\tunit:ledger smoke:billing\nmain~3\tunit:ledger\n"))
	if err != nil {
		panic(err)
	}
	for _, f := range fails {
		fmt.Println(f.Commit, f.ID)
	}
	_, err = audit.ParseFailures("failures.tsv", []byte("v1.2\n"))
	fmt.Println(err)
	// Output:
	// main~3 unit:ledger
	// v1.2 smoke:billing
	// v1.2 unit:ledger
	// failures.tsv:1: commit v1.2 has no failed instance id (want COMMIT<TAB>ID...)
}
