package gitrepo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// ancestryStep is one ~N or ^N suffix of a revision.
type ancestryStep struct {
	op byte // '~' or '^'
	n  int
}

// splitAncestry splits "main~2000^2" into "main" and its steps. ok is false
// when rev has no such suffix, or has other syntax after the name
// (^{...}, :path, @{...}), which resolveName refuses.
func splitAncestry(rev string) (name string, steps []ancestryStep, ok bool) {
	i := len(rev)
	for i > 0 {
		j := i
		for j > 0 && rev[j-1] >= '0' && rev[j-1] <= '9' {
			j--
		}
		if j == 0 || (rev[j-1] != '~' && rev[j-1] != '^') {
			break
		}
		n := 1
		if j < i {
			v, err := strconv.Atoi(rev[j:i])
			if err != nil {
				return "", nil, false
			}
			n = v
		}
		steps = append([]ancestryStep{{rev[j-1], n}}, steps...)
		i = j - 1
	}
	if i == 0 || len(steps) == 0 || strings.ContainsAny(rev[:i], "~^:{") {
		return "", nil, false
	}
	return rev[:i], steps, true
}

// errNoParent: the commit has fewer parents than asked.
var errNoParent = errors.New("no such parent")

// ancestor follows steps from h through the commit-graph (or commit
// headers), as git does, instead of decoding every commit on the way.
func (w *walker) ancestor(h odb.Hash, steps []ancestryStep) (odb.Hash, error) {
	n := w.node(h)
	parent := func(i int) error {
		if err := w.load(n); err != nil {
			return err
		}
		if n.cut || i >= len(n.parents) {
			return fmt.Errorf("%s: %w", n.hash, errNoParent)
		}
		n = n.parents[i]
		return nil
	}
	for _, s := range steps {
		switch {
		case s.op == '^' && s.n > 0:
			if err := parent(s.n - 1); err != nil {
				return odb.ZeroHash, err
			}
		case s.op == '~':
			for range s.n {
				if err := parent(0); err != nil {
					return odb.ZeroHash, err
				}
			}
		}
	}
	// The last commit must exist, as git requires.
	if err := w.load(n); err != nil {
		return odb.ZeroHash, err
	}
	return n.hash, nil
}
