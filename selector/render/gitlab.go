package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"go.yaml.in/yaml/v3"
)

// gitlabJobKeywords are the keywords of a GitLab CI job. Only `with` keys
// among them are merged into a job: the others (GitHub's runs-on,
// timeout-minutes, …) are for other hosts and would make GitLab reject the
// pipeline with "config contains unknown keys".
var gitlabJobKeywords = map[string]bool{
	"after_script": true, "allow_failure": true, "artifacts": true, "before_script": true,
	"cache": true, "coverage": true, "dast_configuration": true, "dependencies": true,
	"environment": true, "extends": true, "hooks": true, "id_tokens": true, "identity": true,
	"image": true, "inherit": true, "interruptible": true, "manual_confirmation": true,
	"needs": true, "pages": true, "parallel": true, "release": true, "resource_group": true,
	"retry": true, "rules": true, "secrets": true, "services": true, "tags": true,
	"timeout": true, "variables": true, "when": true,
}

// gitlabOwnKeys are the job keys the renderer sets, or that would replace
// them (run and trigger exclude script): a `with` key among them is an error.
var gitlabOwnKeys = []string{"stage", "script", "run", "trigger"}

// gitlabReserved are top-level keys of a pipeline that cannot name a job.
var gitlabReserved = map[string]bool{
	"image": true, "services": true, "stages": true, "types": true, "before_script": true,
	"after_script": true, "variables": true, "cache": true, "include": true, "default": true,
	"workflow": true, "spec": true, "true": true, "false": true, "nil": true,
}

// gitlabNameMax is GitLab's maximum job name length.
const gitlabNameMax = 255

// gitlabNoopJob names the job of an empty plan's child pipeline.
const gitlabNoopJob = "gatesel-noop"

// GitLab writes the plan as a GitLab child-pipeline YAML:
//
//	stages: [contract, global, local, smoke]
//	unit:billing:
//	  stage: local
//	  script: ["go test ./services/billing/..."]
//	  tags: [docker]
//
// `stages` always lists the four layers in plan order. There is one job per
// instance, in plan order, named by its id: characters other than letters,
// digits and `_ . : -` become `_`, a leading `.` (a hidden job) or a name
// GitLab reserves (image, stages, include, …) gets a `gate-` prefix, a name
// over 255 characters is shortened with a hash, and a name taken by an
// earlier job gets a `-2`, `-3`… suffix. Each job has `stage: <layer>` and
// `script: [<run>]`, then the instance's `with` attributes that are GitLab
// job keywords, in key order; other attributes are left out so that one
// policy can serve GitHub and GitLab. A `with` key stage, script, run or
// trigger is an error, and so is an empty run. An empty plan gives one job,
// gatesel-noop, that echoes "no gates selected": GitLab rejects a child
// pipeline without jobs.
func GitLab(w io.Writer, p *selector.Plan) error {
	doc := mapping()
	stages := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, l := range graph.Layers {
		stages.Content = append(stages.Content, scalar(l.String()))
	}
	doc.Content = append(doc.Content, scalar("stages"), stages)

	if len(p.Gates) == 0 {
		job := mapping()
		job.Content = append(job.Content,
			scalar("stage"), scalar(graph.LayerContract.String()),
			scalar("script"), flowSeq(scalar("echo no gates selected")))
		doc.Content = append(doc.Content, scalar(gitlabNoopJob), job)
	}
	used := map[string]bool{}
	for _, inst := range p.Gates {
		job, err := gitlabJob(inst)
		if err != nil {
			return err
		}
		name := uniqueName(gitlabJobName(inst.ID), used)
		doc.Content = append(doc.Content, scalar(name), job)
	}

	quoteYAML11(doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return fmt.Errorf("encode gitlab pipeline: %w", err)
	}
	return enc.Close()
}

func gitlabJob(inst selector.Instance) (*yaml.Node, error) {
	if strings.TrimSpace(inst.Run) == "" {
		return nil, fmt.Errorf("gate instance %s: empty run command: a gitlab job needs a script", inst.ID)
	}
	job := mapping()
	job.Content = append(job.Content,
		scalar("stage"), scalar(inst.Layer.String()),
		scalar("script"), flowSeq(scalar(inst.Run)))
	keys := make([]string, 0, len(inst.With))
	for k := range inst.With {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(gitlabOwnKeys, k) {
			return nil, fmt.Errorf("gate instance %s: with key %q collides with the gitlab job key %q", inst.ID, k, k)
		}
		if !gitlabJobKeywords[k] {
			continue
		}
		v, err := yamlValue(inst.With[k])
		if err != nil {
			return nil, fmt.Errorf("gate instance %s: with key %q: %w", inst.ID, k, err)
		}
		job.Content = append(job.Content, scalar(k), v)
	}
	return job, nil
}

// yamlValue encodes v as a node. yaml.v3 panics on values it cannot
// represent (functions, channels): that becomes an error.
func yamlValue(v any) (n *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("%v", r)
		}
	}()
	n = new(yaml.Node)
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	return n, nil
}

// gitlabJobName turns an instance id into a name GitLab accepts.
func gitlabJobName(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '_', r == '.', r == ':', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || name[0] == '.' || gitlabReserved[strings.ToLower(name)] {
		name = "gate-" + name
	}
	return shorten(name, gitlabNameMax)
}

// uniqueName returns name, or name with the first free -N suffix, and
// marks the result used.
func uniqueName(name string, used map[string]bool) string {
	out := name
	for n := 2; used[out]; n++ {
		suffix := "-" + strconv.Itoa(n)
		out = shorten(name, gitlabNameMax-len(suffix)) + suffix
	}
	used[out] = true
	return out
}

// shorten cuts s to max bytes, replacing its tail by a hash of s so that
// distinct long names stay distinct.
func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	tail := "-" + hex.EncodeToString(sum[:])[:12]
	return s[:max-len(tail)] + tail
}

// yaml11Bools are the strings YAML 1.1, which GitLab's parser follows,
// reads as booleans while YAML 1.2 (yaml.v3) writes them unquoted.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true,
	"no": true, "No": true, "NO": true, "on": true, "On": true, "ON": true,
	"off": true, "Off": true, "OFF": true,
}

// quoteYAML11 double-quotes the string scalars under n that a YAML 1.1
// parser could read as something else: its booleans, and strings that
// start like a number (1:20 is a sexagesimal integer there, 1_000 is 1000).
func quoteYAML11(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 && n.Value != "" &&
		(yaml11Bools[n.Value] || strings.ContainsRune("0123456789+-.", rune(n.Value[0]))) {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		quoteYAML11(c)
	}
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func flowSeq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: items}
}
