package gitrepo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/selector/gitrepo/internal/odb"
)

// LogCommit is a commit of a range, with its parents (full hashes, the
// first parent first).
type LogCommit struct {
	Commit  string
	Parents []string
}

// Log lists the commits of the range from..to as `git rev-list --reverse
// --topo-order from..to` does: the commits reachable from to and not from
// from, parents before children. With firstParent, only the first-parent
// chain from to, as `--first-parent`. A shallow clone whose history ends
// inside the range is a *HistoryError wrapping ErrShallow.
func (r *Repo) Log(ctx context.Context, from, to string, firstParent bool) ([]LogCommit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, ErrClosed
	}
	fh, err := r.resolve(from, RoleBase)
	if err != nil {
		return nil, err
	}
	th, err := r.resolve(to, RoleHead)
	if err != nil {
		return nil, err
	}
	w := r.walk // the repository's walker: commits it loaded before are not read again
	// every ancestor of from is outside the range
	out := map[odb.Hash]bool{}
	stack := []*commitNode{w.node(fh)}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[n.hash] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[n.hash] = true
		if err := w.load(n); err != nil {
			return nil, err
		}
		stack = append(stack, n.parents...)
	}
	var in []*commitNode
	seen := map[odb.Hash]bool{}
	stack = []*commitNode{w.node(th)}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if out[n.hash] || seen[n.hash] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		seen[n.hash] = true
		if err := w.load(n); err != nil {
			return nil, err
		}
		if n.cut {
			return nil, &HistoryError{Rev: to, Role: RoleHead, Problem: Shallow, Shallow: len(w.shallow), Commands: r.deepen(to),
				Err: fmt.Errorf("list %s..%s: the shallow clone ends at %s, inside the range: %w", from, to, n.hash, ErrShallow)}
		}
		in = append(in, n)
		if firstParent {
			if len(n.parents) > 0 {
				stack = append(stack, n.parents[0])
			}
			continue
		}
		stack = append(stack, n.parents...)
	}
	return topoOrder(in, seen), nil
}

// topoOrder lists the commits parents first (Kahn's algorithm over the
// edges inside the set), older commit dates first among the ready ones.
func topoOrder(nodes []*commitNode, inSet map[odb.Hash]bool) []LogCommit {
	children := map[odb.Hash][]*commitNode{}
	pending := map[odb.Hash]int{}
	for _, n := range nodes {
		for _, p := range n.parents {
			if inSet[p.hash] {
				pending[n.hash]++
				children[p.hash] = append(children[p.hash], n)
			}
		}
	}
	var ready []*commitNode
	for _, n := range nodes {
		if pending[n.hash] == 0 {
			ready = append(ready, n)
		}
	}
	older := func(a, b *commitNode) int {
		if a.when != b.when {
			if a.when < b.when {
				return -1
			}
			return 1
		}
		return strings.Compare(a.hash.String(), b.hash.String())
	}
	out := make([]LogCommit, 0, len(nodes))
	for len(ready) > 0 {
		slices.SortFunc(ready, older)
		n := ready[0]
		ready = ready[1:]
		lc := LogCommit{Commit: n.hash.String(), Parents: make([]string, len(n.parents))}
		for i, p := range n.parents {
			lc.Parents[i] = p.hash.String()
		}
		out = append(out, lc)
		for _, c := range children[n.hash] {
			if pending[c.hash]--; pending[c.hash] == 0 {
				ready = append(ready, c)
			}
		}
	}
	return out
}
