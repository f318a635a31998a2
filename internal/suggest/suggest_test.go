package suggest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gatesel/gatesel/internal/suggest"
)

var didYouMeanTests = []struct {
	name, unknown string
	candidates    []string
	want          string
}{
	{"close typo", "unti", []string{"unit", "smoke"}, ` (did you mean "unit"?)`},
	{"nearest wins", "ledgr", []string{"ledger", "leader"}, ` (did you mean "ledger"?)`},
	{"tie broken by name", "ab", []string{"ac", "aa"}, ` (did you mean "aa"?)`},
	{"too far", "payments", []string{"ledger"}, ""},
	{"a one-letter name suggests nothing", "y", []string{"a", "b"}, ""},
	{"no candidates", "x", nil, ""},
}

func TestDidYouMean(t *testing.T) {
	for _, tt := range didYouMeanTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, suggest.DidYouMean(tt.unknown, tt.candidates))
		})
	}
}
