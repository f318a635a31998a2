package ownership

// Match returns the owners of path and the rules that decided them.
//
// path is repository-relative and slash-separated; a leading "/" and
// doubled slashes are ignored. GitHub: the last matching line decides.
// GitLab: the last matching line of each section decides that section,
// unless one of the section's exclusions matches; owners are combined in
// section order.
//
// The returned slices may be shared with the Ruleset: do not modify them.
func (r *Ruleset) Match(path string) Match {
	if r == nil || len(r.compiled) == 0 {
		return Match{Owners: []string{}}
	}
	var segBuf [32]string
	segs := splitPath(segBuf[:0], path)
	if len(segs) == 0 {
		return Match{Owners: []string{}}
	}
	if r.Dialect != GitLab {
		best := int32(-1)
		r.idx.visit(segs, func(id int32, patFrom, pathFrom int) {
			if id <= best {
				return
			}
			p := &r.compiled[id].pat
			if p.matchSegs(p.segs[patFrom:], segs[pathFrom:]) {
				best = id
			}
		})
		if best < 0 {
			return Match{Owners: []string{}}
		}
		c := &r.compiled[best]
		return Match{Owners: c.owners, Rules: c.self}
	}
	return r.matchSections(segs)
}

// sectionState is one section's answer during a GitLab lookup.
type sectionState struct {
	best     int32
	excluded bool
}

func (r *Ruleset) matchSections(segs []string) Match {
	var stateBuf [16]sectionState
	var states []sectionState
	if r.nsect <= len(stateBuf) {
		states = stateBuf[:r.nsect]
	} else {
		states = make([]sectionState, r.nsect)
	}
	for i := range states {
		states[i].best = -1
	}
	r.idx.visit(segs, func(id int32, patFrom, pathFrom int) {
		c := &r.compiled[id]
		st := &states[c.sect]
		if st.excluded || (!c.exclude && id <= st.best) {
			return
		}
		if c.pat.matchSegs(c.pat.segs[patFrom:], segs[pathFrom:]) {
			if c.exclude {
				st.excluded = true
			} else {
				st.best = id
			}
		}
	})
	var m Match
	n := 0
	for i := range states {
		if !states[i].excluded && states[i].best >= 0 {
			n++
		}
	}
	if n == 0 {
		return Match{Owners: []string{}}
	}
	if n == 1 {
		for i := range states {
			if st := states[i]; !st.excluded && st.best >= 0 {
				c := &r.compiled[st.best]
				return Match{Owners: c.owners, Rules: c.self}
			}
		}
	}
	m.Rules = make([]Rule, 0, n)
	m.Owners = []string{}
	for i := range states {
		st := states[i]
		if st.excluded || st.best < 0 {
			continue
		}
		rule := r.Rules[st.best]
		m.Rules = append(m.Rules, rule)
	owners:
		for _, o := range rule.Owners {
			for _, have := range m.Owners {
				if have == o {
					continue owners
				}
			}
			m.Owners = append(m.Owners, o)
		}
	}
	return m
}
