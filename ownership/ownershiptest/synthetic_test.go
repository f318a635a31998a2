package ownershiptest_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/ownership/ownershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSynthetic(t *testing.T) {
	co, paths := ownershiptest.Synthetic(5000, 20000)
	co2, paths2 := ownershiptest.Synthetic(5000, 20000)
	assert.Equal(t, co, co2)
	assert.Equal(t, paths, paths2)
	assert.Len(t, paths, 20000)
	rs, err := ownership.Parse("CODEOWNERS", co, ownership.GitHub)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	assert.Len(t, rs.Rules, 5000)
	assert.Equal(t, 5001, bytes.Count(co, []byte("\n")))
	owned := 0
	for _, p := range paths {
		if len(rs.Match(p).Owners) > 0 {
			owned++
		}
	}
	assert.Greater(t, owned, len(paths)/2)
}

func ExampleSynthetic() {
	co, paths := ownershiptest.Synthetic(10, 3)
	fmt.Print(string(co))
	fmt.Println(paths)
	// Output:
	// # synthetic CODEOWNERS
	// * @org/everyone
	// *.md @org/docs
	// **/BUILD @org/build
	// Makefile @org/build
	// /.github/ @org/ci
	// *.proto @org/api
	// /infra/ @org/sre
	// docs/* docs@example.com
	// /services/comp0000/ @org/team-0
	// services/comp0000/docs/* writer1@example.com
	// [libs/comp0001/f0_README.md libs/comp0001/f28_README.md libs/comp0001/docs/testdata/src/f2_util.go]
}
