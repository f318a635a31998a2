package synth

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"
)

// epoch is the date of the first commit: 2020-01-01T00:00:00Z.
const epoch = 1577836800

// history writes the repository as a git fast-import stream: the files added
// over the first tenth of History commits, small commits on main up to the
// fork, Diverge commits on each side of the fork, and the change-N branches on
// top of main. Every date is explicit, so the commits hashes depend only on
// the options.
type history struct {
	w    *bufio.Writer
	rng  *rand.Rand
	l    *layout
	mark int
	edit int
	when int64
	// Pairs, filled as the branches are written.
	pairs map[string][2]string
}

func (h *history) tick() int64 {
	h.when += 60 + int64(h.rng.IntN(4*3600))
	return h.when
}

// begin writes a commit header; from is the mark of the parent, 0 for none.
func (h *history) begin(ref string, from int, msg string) int {
	h.mark++
	a := h.rng.IntN(50)
	id := fmt.Sprintf("Dev %02d <dev%02d@example.com> %d +0000", a, a, h.tick())
	fmt.Fprintf(h.w, "commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n", ref, h.mark, id, id, len(msg), msg)
	if from > 0 {
		fmt.Fprintf(h.w, "from :%d\n", from)
	}
	return h.mark
}

func (h *history) put(p string, data []byte) {
	fmt.Fprintf(h.w, "M %s inline %s\ndata %d\n", mode(p), p, len(data))
	h.w.Write(data)
	h.w.WriteByte('\n')
}

// touch writes a new edit of a file.
func (h *history) touch(p string) {
	h.edit++
	h.put(p, content(p, h.edit))
}

func (h *history) end() { h.w.WriteByte('\n') }

// write writes the whole stream, given the policy files' contents.
func (h *history) write(policy map[string][]byte) error {
	opt := h.l.opt
	files := h.l.files
	h.when = epoch + int64(h.rng.IntN(86400))
	h.pairs = make(map[string][2]string)
	h.w.WriteString("feature done\n")

	tip := 0
	creating := max(1, min(opt.History/10, len(files)))
	for c := range creating {
		lo, hi := c*len(files)/creating, (c+1)*len(files)/creating
		msg := fmt.Sprintf("add %s to %s", topDir(files[lo].path), topDir(files[hi-1].path))
		tip = h.begin("refs/heads/main", tip, msg)
		for _, f := range files[lo:hi] {
			if data, ok := policy[f.path]; ok {
				h.put(f.path, data)
			} else {
				h.touch(f.path)
			}
		}
		h.end()
	}
	for range opt.History - creating {
		tip = h.small("refs/heads/main", tip)
	}
	fork, forkWhen := tip, h.when
	for range opt.Diverge {
		tip = h.small("refs/heads/main", tip)
	}
	mainWhen := h.when
	h.when = forkWhen
	side := fork
	for range opt.Diverge {
		side = h.small("refs/heads/diverged", side)
	}
	h.pairs["diverged"] = [2]string{"main", "diverged"}
	h.when = max(h.when, mainWhen)

	eligible := make([]int, 0, len(files))
	for i, f := range files {
		if f.kind >= kindService {
			eligible = append(eligible, i)
		}
	}
	for _, n := range changeSizes {
		if n > 1 && n > len(eligible)*3/4 {
			continue
		}
		ref := "change-" + strconv.Itoa(n)
		h.change("refs/heads/"+ref, tip, n, eligible)
		h.pairs[ref] = [2]string{"main", ref}
	}
	h.w.WriteString("done\n")
	return h.w.Flush()
}

// small writes a commit that edits one to five files, mostly of one directory.
func (h *history) small(ref string, parent int) int {
	files := h.l.files
	n := 1
	for n < 5 && h.rng.IntN(2) == 0 {
		n++
	}
	first := h.pick(0, len(files))
	msg := fmt.Sprintf("%s: update %s", topDir(files[first].path), path.Base(files[first].path))
	mark := h.begin(ref, parent, msg)
	done := map[int]bool{}
	for i := range n {
		f := first
		if i > 0 {
			f = h.pick(max(0, first-8), min(len(files), first+9))
		}
		if !done[f] {
			done[f] = true
			h.touch(files[f].path)
		}
	}
	h.end()
	return mark
}

// pick draws a file in [lo, hi) that history may edit (not a policy file).
func (h *history) pick(lo, hi int) int {
	for {
		if f := lo + h.rng.IntN(hi-lo); h.l.files[f].kind != kindPolicy {
			return f
		}
	}
}

// change writes a branch from parent whose commits change exactly n files:
// one service file when n is 1; otherwise mostly edits of files drawn from
// eligible (services, libraries, contracts, docs), 2% new files and 1% deletions.
func (h *history) change(ref string, parent, n int, eligible []int) {
	files := h.l.files
	type op struct {
		path string
		del  bool
	}
	var ops []op
	if n == 1 {
		var svc []int
		for _, i := range eligible {
			if files[i].kind == kindService {
				svc = append(svc, i)
			}
		}
		ops = append(ops, op{path: files[svc[h.rng.IntN(len(svc))]].path})
	} else {
		adds, dels := n/50, n/100
		pool := append([]int(nil), eligible...)
		for k := range n - adds { // a partial Fisher-Yates shuffle
			j := k + h.rng.IntN(len(pool)-k)
			pool[k], pool[j] = pool[j], pool[k]
			ops = append(ops, op{path: files[pool[k]].path, del: k < dels})
		}
		for k := range adds {
			dir := path.Dir(files[pool[h.rng.IntN(n-adds)]].path)
			ops = append(ops, op{path: fmt.Sprintf("%s/new_%d_%d.go", dir, n, k)})
		}
		h.rng.Shuffle(len(ops), func(a, b int) { ops[a], ops[b] = ops[b], ops[a] })
	}
	commits := min(n, 4)
	for c := range commits {
		lo, hi := c*len(ops)/commits, (c+1)*len(ops)/commits
		msg := fmt.Sprintf("%s: change %d files (part %d of %d)", strings.TrimPrefix(ref, "refs/heads/"), hi-lo, c+1, commits)
		parent = h.begin(ref, parent, msg)
		for _, o := range ops[lo:hi] {
			if o.del {
				fmt.Fprintf(h.w, "D %s\n", o.path)
			} else {
				h.touch(o.path)
			}
		}
		h.end()
	}
}
