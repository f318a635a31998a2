package selector

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendPlan appends the plan's JSON, byte for byte what json.Marshal
// gives (TestAppendPlanIsMarshal, FuzzAppendPlan): the digest is computed
// over it and every plan is printed from it, and encoding/json's
// reflection took a sixth of a run on a 10,000-file change (twice 8 ms on
// moby master~2000). Only the free-form with: values go through
// json.Marshal.
func appendPlan(b []byte, p *Plan) ([]byte, error) {
	if b == nil {
		b = make([]byte, 0, planSizeHint(p)) // growing a megabyte by doubling copies it twice over
	}
	b = append(b, `{"schema":`...)
	b = appendString(b, p.Schema)
	b = append(b, `,"base":`...)
	b = appendRevision(b, p.Base)
	b = append(b, `,"merge_base":`...)
	b = appendString(b, p.MergeBase)
	b = append(b, `,"head":`...)
	b = appendRevision(b, p.Head)
	b = append(b, `,"profile":`...)
	b = appendString(b, p.Profile)
	b = append(b, `,"all":`...)
	b = strconv.AppendBool(b, p.All)
	b = append(b, `,"changes":`...)
	b = appendList(b, p.Changes, func(b []byte, c ChangeInfo) []byte {
		b = append(b, `{"path":`...)
		b = appendString(b, c.Path)
		b = append(b, `,"status":`...)
		b = appendString(b, string(c.Status))
		if c.OldPath != "" {
			b = append(b, `,"old_path":`...)
			b = appendString(b, c.OldPath)
		}
		b = append(b, `,"owners":`...)
		b = appendStrings(b, c.Owners)
		b = append(b, `,"claims":`...)
		b = appendStrings(b, c.Claims)
		return append(b, '}')
	})
	var err error
	b = append(b, `,"gates":`...)
	b = appendList(b, p.Gates, func(b []byte, g Instance) []byte {
		b = append(b, `{"id":`...)
		b = appendString(b, g.ID)
		b = append(b, `,"gate":`...)
		b = appendString(b, g.Gate)
		b = append(b, `,"layer":`...)
		if l, e := g.Layer.MarshalText(); e != nil {
			err = e // as json.Marshal: an unknown layer does not encode
		} else {
			b = appendString(b, string(l))
		}
		b = append(b, `,"scope":`...)
		b = appendString(b, g.Scope)
		b = append(b, `,"owners":`...)
		b = appendStrings(b, g.Owners)
		b = append(b, `,"run":`...)
		b = appendString(b, g.Run)
		b = append(b, `,"with":`...)
		var e error
		if b, e = appendWith(b, g.With); e != nil {
			err = e
		}
		b = append(b, `,"reasons":`...)
		b = appendList(b, g.Reasons, appendReason)
		return append(b, '}')
	})
	if err != nil {
		return nil, err
	}
	b = append(b, `,"chains":`...)
	b = appendList(b, p.Chains, func(b []byte, l ChainLink) []byte {
		b = append(b, `{"node":`...)
		b = appendString(b, l.Node)
		b = append(b, `,"prev":`...)
		b = strconv.AppendInt(b, int64(l.Prev), 10)
		return append(b, '}')
	})
	b = append(b, `,"escalations":`...)
	b = appendList(b, p.Escalations, func(b []byte, e Escalation) []byte {
		b = append(b, `{"kind":`...)
		b = appendString(b, string(e.Kind))
		if e.Path != "" {
			b = append(b, `,"path":`...)
			b = appendString(b, e.Path)
		}
		b = append(b, `,"cause":`...)
		b = appendString(b, e.Cause)
		return append(b, '}')
	})
	b = append(b, `,"warnings":`...)
	b = appendStrings(b, p.Warnings)
	if p.Digest != "" {
		b = append(b, `,"digest":`...)
		b = appendString(b, p.Digest)
	}
	return append(b, '}'), nil
}

// appendWith appends a with: map as json.Marshal does: keys sorted, and
// for a map of strings (nearly every one, and the empty one) without
// reflection, which cost more than the rest of an instance.
func appendWith(b []byte, w map[string]any) ([]byte, error) {
	if w == nil {
		return append(b, "null"...), nil
	}
	keys := make([]string, 0, len(w))
	for k, v := range w {
		if _, ok := v.(string); !ok {
			out, err := json.Marshal(w)
			return append(b, out...), err
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, w[k].(string))
	}
	return append(b, '}'), nil
}

// planSizeHint is about the size of the plan's JSON, a sixteenth over the
// bytes of its strings and keys: a hint of twice the size cost the zeroing
// and collecting of the rest (4.5 MB of plan on a 10,000-file change).
func planSizeHint(p *Plan) int {
	n := 1024
	strs := func(l []string) {
		for _, s := range l {
			n += len(s) + 3
		}
	}
	for _, c := range p.Changes {
		n += 56 + len(c.Path) + len(c.OldPath)
		strs(c.Owners)
		strs(c.Claims)
	}
	for _, g := range p.Gates {
		n += 96 + len(g.ID) + len(g.Gate) + len(g.Scope) + len(g.Run) + 64*len(g.With)
		strs(g.Owners)
		for _, r := range g.Reasons {
			n += 40 + len(r.Path) + len(r.Via) + len(r.Note)
		}
	}
	for _, l := range p.Chains {
		n += 24 + len(l.Node)
	}
	for _, e := range p.Escalations {
		n += 48 + len(e.Path) + len(e.Cause)
	}
	strs(p.Warnings)
	return n + n/16
}

func appendRevision(b []byte, r *Revision) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"rev":`...)
	b = appendString(b, r.Rev)
	b = append(b, `,"commit":`...)
	b = appendString(b, r.Commit)
	if r.Source != "" {
		b = append(b, `,"source":`...)
		b = appendString(b, r.Source)
	}
	return append(b, '}')
}

func appendReason(b []byte, r Reason) []byte {
	b = append(b, `{"kind":`...)
	b = appendString(b, string(r.Kind))
	if r.Path != "" {
		b = append(b, `,"path":`...)
		b = appendString(b, r.Path)
	}
	if r.Via != "" {
		b = append(b, `,"via":`...)
		b = appendString(b, r.Via)
	}
	if r.ChainID != 0 {
		b = append(b, `,"chain":`...)
		b = strconv.AppendInt(b, int64(r.ChainID), 10)
	}
	if r.Note != "" {
		b = append(b, `,"note":`...)
		b = appendString(b, r.Note)
	}
	return append(b, '}')
}

// appendList appends a JSON array, null for a nil slice as encoding/json.
func appendList[T any](b []byte, l []T, f func([]byte, T) []byte) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, e := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = f(b, e)
	}
	return append(b, ']')
}

func appendStrings(b []byte, l []string) []byte { return appendList(b, l, appendString) }

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes appendString copies as they are: one
// load a byte instead of six comparisons.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		safe[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

// appendString appends s as encoding/json does: HTML characters, control
// characters, U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendJSON appends the plan's canonical JSON, compact, the bytes its
// digest is computed over (byte for byte what json.Marshal gives). The
// renderers print the plan from it.
func AppendJSON(b []byte, p *Plan) ([]byte, error) { return appendPlan(b, p) }
