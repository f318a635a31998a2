package main

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// Shell completion: cobra's `completion bash|zsh|fish|powershell` prints
// the script, which calls the hidden `__complete` command; the functions
// here give it the values of each flag: the closed sets (formats, the
// dialects), the profiles, gate instances and graph nodes of the policy
// that -C and --config name, and the revisions (branches, tags, remote
// branches) of the repository, read by selector/gitrepo. A completion
// that cannot read the policy or the repository offers nothing rather
// than failing.

// The closed sets of values that flags take.
var (
	dialects     = []string{"github", "gitlab"}
	policies     = []string{"both", "base", "head"}
	onErrors     = []string{"fail", "all"}
	filesFormats = []string{"auto", "paths", "name-status"}
	colorModes   = []string{"auto", "always", "never"}
)

// registerValues completes flag name with a fixed list of values.
func registerValues(c *cobra.Command, name string, values []string) {
	vs := slices.Clone(values)
	registerCompletion(c, name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vs, cobra.ShellCompDirectiveNoFileComp
	})
}

// registerCompletion completes flag name with fn, a flag of c or of its
// parents (--color is the root's).
// The candidates are those that begin with what is typed.
func registerCompletion(c *cobra.Command, name string, fn cobra.CompletionFunc) {
	filtered := func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		all, dir := fn(c, args, toComplete)
		out := all[:0:0]
		for _, s := range all {
			if strings.HasPrefix(s, toComplete) {
				out = append(out, s)
			}
		}
		return out, dir
	}
	if err := c.RegisterFlagCompletionFunc(name, filtered); err != nil {
		panic(err) // a flag that does not exist: a programming error, caught by every test
	}
}

// complete registers the completions of the flags selectFlags adds.
func (f *selectFlags) complete(c *cobra.Command) {
	registerCompletion(c, "directory", completeDirs)
	registerValues(c, "dialect", dialects)
	registerValues(c, "policy", policies)
	registerValues(c, "on-error", onErrors)
	registerValues(c, "files-format", filesFormats)
	registerCompletion(c, "base", completeBase)
	registerCompletion(c, "head", completeRevisions)
	registerCompletion(c, "profile", completeProfiles)
}

func completeDirs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// flagValue is the value given to flag name, or its default.
func flagValue(c *cobra.Command, name string) string {
	if fl := c.Flags().Lookup(name); fl != nil {
		return fl.Value.String()
	}
	return ""
}

// completionGraph reads the policy of the work tree that -C and --config
// name, nil when there is none or it does not load.
func completionGraph(c *cobra.Command) *graph.Graph {
	dir, config := flagValue(c, "directory"), flagValue(c, "config")
	if dir == "" {
		dir = "."
	}
	if config == "" {
		config = "gates.yaml"
	}
	name, err := configName(config)
	if err != nil || checkDir(dir) != nil {
		return nil
	}
	in, _, err := selector.LoadPolicy(contextOf(c), selector.Options{Dir: dir, Config: name, Changes: []selector.Change{}})
	if err != nil {
		return nil
	}
	return in.Graph
}

func contextOf(c *cobra.Command) context.Context {
	if ctx := c.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// completeProfiles offers the profiles the policy declares (profiles:),
// else those its gates list.
func completeProfiles(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	g := completionGraph(c)
	if g == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if g.Profiles != nil {
		return g.ProfileNames(), cobra.ShellCompDirectiveNoFileComp
	}
	seen := map[string]bool{}
	for _, gt := range g.Gates {
		for _, p := range gt.Profiles {
			seen[p] = true
		}
	}
	return slices.Sorted(maps.Keys(seen)), cobra.ShellCompDirectiveNoFileComp
}

// completeInstances offers every gate instance the policy can plan
// (GATE:SCOPE, a global gate's bare name), for explain --gate.
func completeInstances(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	g := completionGraph(c)
	if g == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return instanceIDs(g), cobra.ShellCompDirectiveNoFileComp
}

// instanceIDs lists the ids of the instances g can plan, sorted: each
// contract's, service's and domain's gates with their scope, each smoke
// gate with its service, and the global gates bare.
func instanceIDs(g *graph.Graph) []string {
	ids := map[string]bool{}
	scoped := func(scope string, gates []string) {
		for _, gate := range gates {
			ids[gate+":"+scope] = true
		}
	}
	for name, ct := range g.Contracts {
		scoped(name, ct.Gates)
	}
	for name, s := range g.Services {
		scoped(name, s.Gates)
		scoped(name, s.Smoke)
	}
	for name, d := range g.Domains {
		scoped(name, d.Gates)
	}
	for name, gt := range g.Gates {
		if gt.Layer == graph.LayerGlobal {
			ids[name] = true
		}
	}
	return slices.Sorted(maps.Keys(ids))
}

// completePlanIDs offers the instance ids of the plan --plan names, for
// result --id.
func completePlanIDs(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	name := flagValue(c, "plan")
	if name == "" {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	plan, err := readPlan(name)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	ids := make([]string, 0, len(plan.Gates))
	for _, in := range plan.Gates {
		ids = append(ids, in.ID)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// completeNodes offers the policy's services, contracts and domains, for
// graph --focus.
func completeNodes(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	g := completionGraph(c)
	if g == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, m := range []map[string]bool{keySet(g.Services), keySet(g.Contracts), keySet(g.Domains)} {
		out = append(out, slices.Collect(maps.Keys(m))...)
	}
	slices.Sort(out)
	return slices.Compact(out), cobra.ShellCompDirectiveNoFileComp
}

func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// completeRevisions offers HEAD and the repository's branches, tags and
// remote branches, as git's own completion does.
func completeRevisions(c *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	return revisions(c), cobra.ShellCompDirectiveNoFileComp
}

// completeBase is completeRevisions with auto, the CI event's base.
func completeBase(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return append([]string{"auto"}, revisions(c)...), cobra.ShellCompDirectiveNoFileComp
}

// completeRange completes audit's --range A..B: revisions, and after
// "A.." the revisions again with A.. before them.
func completeRange(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	revs := revisions(c)
	if i := strings.Index(toComplete, ".."); i >= 0 {
		out := make([]string, len(revs))
		for j, r := range revs {
			out[j] = toComplete[:i+2] + r
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	return revs, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

func revisions(c *cobra.Command) []string {
	dir := flagValue(c, "directory")
	if dir == "" || checkDir(dir) != nil {
		dir = "."
	}
	ctx := contextOf(c)
	repo, err := gitrepo.Open(ctx, dir)
	if err != nil {
		return nil
	}
	defer repo.Close()
	names, err := repo.RefNames(ctx)
	if err != nil {
		return nil
	}
	return append([]string{"HEAD"}, names...)
}
