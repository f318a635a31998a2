package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gatesel/gatesel/selector"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWhyNot: WhyNot returns the facts, render.WhyNot prints them.
func TestWhyNot(t *testing.T) {
	in := testInput(t)
	in.Changes = []selector.Change{{Path: "services/ledger/main.go", Status: selector.Modified}}
	plan, err := selector.Select(in)
	require.NoError(t, err)

	f, err := selector.WhyNot(in, plan, "unit:search")
	require.NoError(t, err)
	assert.False(t, f.Runs)
	assert.Equal(t, selector.MissService, f.Miss)
	require.NotNil(t, f.Service)
	assert.Equal(t, "search", f.Service.Name)
	var buf bytes.Buffer
	require.NoError(t, WhyNot(&buf, f))
	assert.Equal(t, "unit:search does not run: no changed file belongs to service search (paths services/search/**)\n", buf.String())

	f, err = selector.WhyNot(in, plan, "unit:ledger")
	require.NoError(t, err)
	assert.True(t, f.Runs)
	require.NotEmpty(t, f.Reasons)
	buf.Reset()
	require.NoError(t, WhyNot(&buf, f))
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, 1+len(f.Reasons))
	assert.Equal(t, "unit:ledger runs:", lines[0])
	assert.Equal(t, "  because "+f.Reasons[0].String(), lines[1])

	_, err = selector.WhyNot(in, plan, "nosuch:x")
	assert.ErrorContains(t, err, `unknown gate "nosuch"`)
}
