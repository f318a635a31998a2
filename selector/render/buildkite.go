package render

import (
	"fmt"
	"io"
	"slices"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"go.yaml.in/yaml/v3"
)

// buildkiteStepKeys are the keys of a Buildkite command step that a gate's
// `with` attributes may set (buildkite.com/docs, "Command step"); other
// attributes, meant for other hosts, are left out.
var buildkiteStepKeys = map[string]bool{
	"agents": true, "allow_dependency_failure": true, "artifact_paths": true, "branches": true,
	"cancel_on_build_failing": true, "concurrency": true, "concurrency_group": true,
	"env": true, "if": true, "notify": true, "parallelism": true, "plugins": true,
	"priority": true, "retry": true, "skip": true, "soft_fail": true, "timeout_in_minutes": true,
}

// buildkiteOwnKeys are the keys the renderer sets: a `with` key among them is an error.
var buildkiteOwnKeys = []string{"label", "key", "command", "commands", "depends_on", "group", "steps"}

// Buildkite writes the plan as a pipeline for `buildkite-agent pipeline
// upload`:
//
//	steps:
//	  - group: local
//	    key: gatesel-local
//	    depends_on: [gatesel-contract]
//	    steps:
//	      - label: unit:billing
//	        key: unit_billing
//	        command: go test ./services/billing/...
//	        agents: {queue: linux}
//
// One group a non-empty layer, in plan order, each depending on the group
// of the layer before it (a group waits for all its steps); one command
// step an instance, with label (the id), key (the id as GitLab job names
// are made, unique), command, and the `with` attributes that are Buildkite
// step keys. A `with` key label, key, command, commands, depends_on, group
// or steps is an error. With opt.MaxJobs set, a larger plan is packed into
// bundle steps as for GitHub. An empty plan gives one no-op step: Buildkite
// rejects an upload without steps.
func Buildkite(w io.Writer, p *selector.Plan, opt Options) error {
	steps := &yaml.Node{Kind: yaml.SequenceNode}
	limit := opt.MaxJobs
	if limit <= 0 {
		limit = len(p.Gates) // no packing unless asked
	}
	bundles := packMatrix(p.Gates, limit)
	used := map[string]bool{"gatesel-noop": true}
	prev := ""
	for _, layer := range graph.Layers {
		group := mapping()
		key := "gatesel-" + layer.String()
		used[key] = true
		inner := &yaml.Node{Kind: yaml.SequenceNode}
		for i, bu := range bundles {
			if bu.gates[0].Layer != layer {
				continue
			}
			inst, _ := bu.entry(i+1, len(bundles))
			step, err := buildkiteStep(inst, used)
			if err != nil {
				return err
			}
			inner.Content = append(inner.Content, step)
		}
		if len(inner.Content) == 0 {
			continue
		}
		group.Content = append(group.Content, scalar("group"), scalar(layer.String()), scalar("key"), scalar(key))
		if prev != "" {
			group.Content = append(group.Content, scalar("depends_on"), flowSeq(scalar(prev)))
		}
		group.Content = append(group.Content, scalar("steps"), inner)
		steps.Content = append(steps.Content, group)
		prev = key
	}
	if len(steps.Content) == 0 {
		noop := mapping()
		noop.Content = append(noop.Content, scalar("label"), scalar("no gates selected"),
			scalar("key"), scalar("gatesel-noop"), scalar("command"), scalar("echo no gates selected"))
		steps.Content = append(steps.Content, noop)
	}
	doc := mapping()
	doc.Content = append(doc.Content, scalar("steps"), steps)
	quoteYAML11(doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return fmt.Errorf("encode buildkite pipeline: %w", err)
	}
	return enc.Close()
}

func buildkiteStep(inst selector.Instance, used map[string]bool) (*yaml.Node, error) {
	step := mapping()
	step.Content = append(step.Content,
		scalar("label"), scalar(inst.ID),
		scalar("key"), scalar(uniqueName(buildkiteKey(inst.ID), used)),
		scalar("command"), scalar(inst.Run))
	keys := make([]string, 0, len(inst.With))
	for k := range inst.With {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(buildkiteOwnKeys, k) {
			return nil, fmt.Errorf("gate instance %s: with key %q collides with the buildkite step key %q", inst.ID, k, k)
		}
		if !buildkiteStepKeys[k] {
			continue
		}
		v, err := yamlValue(inst.With[k])
		if err != nil {
			return nil, fmt.Errorf("gate instance %s: with key %q: %w", inst.ID, k, err)
		}
		step.Content = append(step.Content, scalar(k), v)
	}
	return step, nil
}

// buildkiteKey turns an id into a step key: letters, digits, - and _
// (Buildkite keys take no : or /), never one that looks like a UUID.
func buildkiteKey(id string) string {
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return shorten("gate-"+string(b), 100)
}
