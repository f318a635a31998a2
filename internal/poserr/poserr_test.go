package poserr_test

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/poserr"
)

func TestError(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  poserr.Error
		want string
	}{
		{"line and column", poserr.Error{File: "gates.yaml", Line: 3, Col: 7, Err: errors.New("bad")}, "gates.yaml:3:7: bad"},
		{"line only", poserr.Error{File: "--files", Line: 2, Err: errors.New("bad")}, "--files:2: bad"},
		{"whole input", poserr.Error{File: "CODEOWNERS", Err: errors.New("too large")}, "CODEOWNERS: too large"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
	e := &poserr.Error{File: "a", Line: 1, Col: 1, Err: fs.ErrNotExist}
	assert.ErrorIs(t, e, fs.ErrNotExist)
}

func TestList(t *testing.T) {
	var l poserr.List
	require.NoError(t, l.Err(), "an empty list is a nil error, not a typed nil")
	l.Addf("a.yaml", 1, 2, "first %d", 1)
	l.Add(&poserr.Error{File: "b.yaml", Line: 3, Col: 4, Err: fs.ErrNotExist})
	assert.Equal(t, 2, l.Len())
	err := l.Err()
	assert.EqualError(t, err, "a.yaml:1:2: first 1\nb.yaml:3:4: file does not exist")
	assert.ErrorIs(t, err, fs.ErrNotExist)
	var pe *poserr.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "a.yaml", pe.File)
}
