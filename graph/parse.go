package graph

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/gatesel/gatesel/internal/fastyaml"
)

// rawFile is one policy file, decoded but not yet cross-checked.
type rawFile struct {
	name      string
	nodes     int // YAML nodes of the file (maxPolicyNodes)
	root      bool
	settings  *Settings
	includes  []ref
	profiles  []*Profile // nil without a profiles: section; non-nil (maybe empty) with one
	infer     *rawInfer
	gates     []*rawGate
	triggers  []*rawTrigger
	contracts []*rawContract
	services  []*rawService
	domains   []*rawDomain
}

type rawGate struct {
	g        *Gate
	covers   []ref
	profiles []ref
}

type rawTrigger struct {
	t   *Trigger
	sel []ref
}

type rawContract struct {
	c     *Contract
	gates []ref
}

type rawService struct {
	s                                        *Service
	dependsOn, consumes, provides, gates, s2 []ref // s2: smoke
}

type rawDomain struct {
	d        *Domain
	services []ref
	gates    []ref
}

// parseYAML parses data with yaml.v3; nil when there is no document (the
// error, if any, is in l).
func parseYAML(name string, data []byte, root bool, l *errorList) *yaml.Node {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) && root {
			l.errorf(Pos{File: name, Line: 1, Col: 1}, "missing version: the file must start with \"version: 1\"")
		} else if !errors.Is(err, io.EOF) {
			l.add(yamlErrorPos(name, data, err), fmt.Errorf("parse yaml: %w", err))
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		l.errorf(Pos{File: name, Line: extra.Line, Col: extra.Column}, "more than one yaml document in the file")
	} else if !errors.Is(err, io.EOF) {
		l.add(yamlErrorPos(name, data, err), fmt.Errorf("parse yaml: %w", err))
	}
	return &doc
}

// fastPath is whether decodeFile tries internal/fastyaml before yaml.v3
// (the tests turn it off to compare the two paths).
var fastPath = true

// decodeFile parses one policy file. root tells the root file (settings and
// include allowed, version required) from fragments; relative globs of a
// fragment resolve from its directory, those of the root file from the
// repository root.
func decodeFile(name string, data []byte, root bool, l *errorList) *rawFile {
	f := &rawFile{name: name, root: root}
	d := &decoder{file: name, l: l}
	if !root {
		d.dir = path.Dir(name)
		if d.dir == "." {
			d.dir = ""
		}
	}
	top := Pos{File: name, Line: 1, Col: 1}
	if len(data) > maxFileSize {
		l.errorf(top, "file is %d bytes, more than the limit of %d", len(data), maxFileSize)
		return f
	}
	if !utf8.Valid(data) {
		p, b := invalidUTF8(name, data)
		l.errorf(p, "invalid UTF-8 (byte 0x%02x): a policy file must be UTF-8 text", b)
		return f
	}
	t, nodes, ok := (*fastyaml.Tree)(nil), 0, false
	if fastPath {
		t, nodes, ok = fastyaml.ParseCount(data)
	}
	if ok {
		f.nodes = nodes // the fast path declines aliases
	} else {
		doc := parseYAML(name, data, root, l)
		if doc == nil {
			return f
		}
		// aliases are refused outright, so that no alias expansion can
		// blow up (a "billion laughs" file costs what its bytes cost);
		// yaml.v3 itself bounds the nesting depth
		t, f.nodes = fastyaml.FromYAML(doc, maxPolicyNodes, func(a *yaml.Node) {
			l.errorf(Pos{File: name, Line: a.Line, Col: a.Column}, "aliases are not supported (*%s)", a.Value)
		})
	}
	if err := nodeLimit(name, f.nodes); err != nil {
		l.add(top, err)
		return f
	}
	n := t.Root()
	if n == nil {
		return f
	}
	d.t = t
	if d.isNull(n) {
		if root {
			l.errorf(top, "missing version: the file must start with \"version: 1\"")
		}
		return f
	}
	sawVersion := false
	d.fields(n, "root", subject{kind: "top level"}, func(key string, k, v *fastyaml.Node) {
		switch key {
		case "version":
			sawVersion = true
			if v.Kind == yaml.ScalarNode && d.tag(v) == "!!int" && d.value(v) == "1" {
				return
			}
			if v.Kind != yaml.ScalarNode {
				if v.Kind != yaml.AliasNode {
					d.errorf(v, "unsupported version: expected 1, got %s", d.kindName(v))
				}
				return
			}
			d.errorf(v, "unsupported version %s: this gatesel reads version 1", strconv.Quote(d.value(v)))
		case "settings":
			if !root {
				d.errorf(k, "settings are only allowed in the root file")
				return
			}
			f.settings = d.settings(v)
		case "infer":
			if !root {
				d.errorf(k, "infer is only allowed in the root file")
				return
			}
			f.infer = d.inferSection(k, v)
		case "profiles":
			if !root {
				d.errorf(k, "profiles are only allowed in the root file")
				return
			}
			f.profiles = d.profiles(v)
		case "include":
			if !root {
				d.errorf(k, "include is only allowed in the root file")
				return
			}
			f.includes = d.strs(v, subject{kind: "include"})
		case "gates":
			d.namedMap(v, subject{kind: "gates"}, "gate", func(name string, k, v *fastyaml.Node) { f.gates = append(f.gates, d.gate(name, k, v)) })
		case "triggers":
			if d.is(v, yaml.SequenceNode, subject{kind: "triggers"}, "a list") {
				for _, e := range d.t.Content(v) {
					if t := d.trigger(e); t != nil {
						f.triggers = append(f.triggers, t)
					}
				}
			}
		case "contracts":
			d.namedMap(v, subject{kind: "contracts"}, "contract", func(name string, k, v *fastyaml.Node) { f.contracts = append(f.contracts, d.contract(name, k, v)) })
		case "services":
			d.namedMap(v, subject{kind: "services"}, "service", func(name string, k, v *fastyaml.Node) { f.services = append(f.services, d.service(name, k, v)) })
		case "domains":
			d.namedMap(v, subject{kind: "domains"}, "domain", func(name string, k, v *fastyaml.Node) { f.domains = append(f.domains, d.domain(name, k, v)) })
		}
	})
	if root && !sawVersion && n.Kind == yaml.MappingNode {
		l.errorf(d.pos(n), "missing version: the file must start with \"version: 1\"")
	}
	return f
}

// invalidUTF8 is the position and value of the first byte of data that is
// not UTF-8; the column counts characters, as yaml's positions do.
func invalidUTF8(file string, data []byte) (Pos, byte) {
	p := Pos{File: file, Line: 1, Col: 1}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return p, data[i]
		}
		if r == '\n' {
			p.Line, p.Col = p.Line+1, 1
		} else {
			p.Col++
		}
		i += n
	}
	return p, 0
}
