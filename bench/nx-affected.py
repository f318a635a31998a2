#!/usr/bin/env python3
"""nx-affected.py [--unowned MODE] [--policy FILE] [--nx-cache DIR] CLONE RANGES [GATESEL]

Compares, on real commit ranges, the projects Nx calls affected with the
services gatesel selects, and prints every difference with what explains it.

CLONE is a clone of an Nx workspace with Nx and the plugins nx.json names
installed (node_modules, ignored by git; docs/performance.md gives the
typescript-eslint install). RANGES holds lines "ID BASE HEAD". For each
range the script checks HEAD out (detached: Nx builds its project graph
from the work tree) and runs

  nx show projects --affected --base=BASE --head=HEAD --json
  gatesel select --config POLICY --base BASE --head HEAD --format json

with NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true. POLICY is
written into a temporary directory (nothing goes into the clone's tracked
tree): FILE with --policy, else `infer: {npm: {gates: [build], smoke:
[test]}}` with transitive smoke and settings.unowned MODE: ignore by
default, which compares the inferred graph alone (a root-level file then
selects nothing), or all (gatesel's default: a changed file nothing claims
selects everything), which checks that gatesel never selects less.
gatesel's affected set is the services that have a gate in the plan. Both
sides are compared by directory: a Nx project's root (its project graph,
.nx/workspace-data/project-graph.json), a gatesel service's manifest
directory (`gatesel graph --head HEAD --format json`). --nx-cache DIR keeps
Nx's answer per range (it depends on the range alone), so that a second
run with another policy does not run Nx again.

Each difference is printed with what explains it, when the script can tell:
  root      the workspace root project (Nx makes the root package.json a
            project; gatesel's root is a service only when a workspace
            pattern names it, its package.json is a root-level file)
  edge      the Nx chain from a touched project, naming the first edge
            gatesel's graph lacks and the files Nx took it from (a source
            import; none for an nx.implicitDependencies entry)
  npm       a dependency of the root package.json changed: Nx touches
            that npm package, so every project that uses it
  global    no chain: root files changed that Nx's rules give to every
            project, or to those whose inputs name them (nx.json, the
            lockfile, tsconfig.base.json, namedInputs and targetDefaults
            inputs such as .github/workflows/ci.yml)
  gatesel   only gatesel: the reasons of its gates (a lockfile comparison,
            a smoke chain)
The clone is returned to the commit it was on. Exit 0 when every range
agrees, 1 otherwise."""
import collections, json, os, subprocess, sys, tempfile

args = sys.argv[1:]
opts = {"--unowned": "ignore", "--policy": None, "--nx-cache": None}
while args and args[0] in opts:
    opts[args[0]], args = args[1], args[2:]
unowned = opts["--unowned"]
clone, ranges = os.path.abspath(args[0]), args[1]
gatesel = args[2] if len(args) > 2 else "gatesel"
env = dict(os.environ, NX_DAEMON="false", NX_NO_CLOUD="true", NX_SKIP_NX_CACHE="true", NX_TUI="false")
policy = os.path.join(tempfile.mkdtemp(prefix="nx-affected-"), "gates.yaml")
if opts["--policy"]:
    with open(opts["--policy"]) as f:
        text = f.read()
    with open(policy, "w") as f:
        f.write(text)
else:
  with open(policy, "w") as f:
    f.write("version: 1\nsettings: {unowned: %s, smoke_depth: transitive}\n" % unowned +
            "gates:\n  build: {run: 'true'}\n  test: {run: 'true'}\n"
            "infer:\n  npm: {gates: [build], smoke: [test]}\n")


def run(*args):
    return subprocess.run(args, cwd=clone, env=env, check=True, capture_output=True, text=True).stdout


def nx_side(base, head):
    """nx_run's answer, from --nx-cache DIR when it holds it (Nx's answer
    depends on the range only; the clone is checked out for Nx alone)."""
    cache = opts["--nx-cache"] and os.path.join(opts["--nx-cache"], "%s-%s.json" % (base, head))
    if cache and os.path.exists(cache):
        with open(cache) as f:
            c = json.load(f)
        return (set(c["affected"]), c["root"], {tuple(k.split("\0")): set(v) for k, v in c["edges"].items()},
                {tuple(k.split("\0")): v for k, v in c["files"].items()}, collections.defaultdict(set, {k: set(v) for k, v in c["npm"].items()}))
    run("git", "checkout", "-q", "--detach", head)
    out = nx_run(base, head)
    if cache:
        os.makedirs(opts["--nx-cache"], exist_ok=True)
        affected, root, edges, files, npm = out
        with open(cache, "w") as f:
            json.dump({"affected": sorted(affected), "root": root, "edges": {"\0".join(k): sorted(v) for k, v in edges.items()},
                       "files": {"\0".join(k): v for k, v in files.items()}, "npm": {k: sorted(v) for k, v in npm.items()}}, f)
    return out


def nx_run(base, head):
    """Nx's affected project roots, its graph (root by name, edges by root)
    and, for the edges, the files each was taken from."""
    affected = json.loads(run("npx", "nx", "show", "projects", "--affected", "--base=" + base, "--head=" + head, "--json"))
    data = os.path.join(clone, ".nx", "workspace-data")
    with open(os.path.join(data, "project-graph.json")) as f:
        g = json.load(f)
    root = {n: v["data"]["root"] for n, v in g["nodes"].items()}
    pkgname = {n: v["data"].get("packageName", n) for n, v in g.get("externalNodes", {}).items()}
    edges = collections.defaultdict(set)
    npm = collections.defaultdict(set)  # project root -> the npm packages it uses
    for deps in g["dependencies"].values():
        for d in deps:
            if d["source"] in root and d["target"] in root:
                edges[(root[d["source"]], root[d["target"]])].add(d["type"])
            elif d["source"] in root and d["target"] in pkgname:
                npm[root[d["source"]]].add(pkgname[d["target"]])
    files = collections.defaultdict(list)
    with open(os.path.join(data, "file-map.json")) as f:
        fm = json.load(f)["fileMap"]["projectFileMap"]
    for proj, entries in fm.items():
        for e in entries:
            for d in e.get("deps") or []:
                t = d if isinstance(d, str) else d[0]
                if proj in root and t in root:
                    files[(root[proj], root[t])].append(e["file"])
    return {root[p] for p in affected}, root, edges, files, npm


def gatesel_side(base, head):
    plan = json.loads(run(gatesel, "select", "--config", policy, "--base", base, "--head", head, "--format", "json"))
    g = json.loads(run(gatesel, "graph", "--config", policy, "--head", head, "--format", "json"))
    dirs = {n["id"].split(":", 1)[1]: os.path.dirname(n["source"]) or "."
            for n in g["nodes"] if n["kind"] == "service" and n.get("source")}
    edges = {(dirs[e["from"].split(":", 1)[1]], dirs[e["to"].split(":", 1)[1]]) for e in g["edges"]
             if e["kind"] == "depends_on" and e["from"].split(":", 1)[1] in dirs and e["to"].split(":", 1)[1] in dirs}
    sel, why = set(), collections.defaultdict(set)
    for gate in plan["gates"]:
        if gate["scope"] in dirs:
            d = dirs[gate["scope"]]
            sel.add(d)
            for r in gate["reasons"]:
                note = r.get("note") or ""
                if r["kind"] == "smoke":
                    names, i = [], r["chain"]
                    while i >= 0:
                        names.append(plan["chains"][i]["node"])
                        i = plan["chains"][i]["prev"]
                    note = " <- ".join(reversed(names))
                why[d].add(r["kind"] + (": " + note if note else ""))
    return sel, edges, why, plan["all"]


def touched_npm(base, head, manifests):
    """The dependencies whose entry changed in the root package.json (Nx's
    getTouchedNpmPackages reads the root's dependencies and devDependencies;
    here every dependency section, a superset)."""
    out = set()
    for m in manifests:
        sides = []
        for rev in (base, head):
            try:
                sides.append(json.loads(run("git", "show", "%s:%s" % (rev, m))))
            except (subprocess.CalledProcessError, ValueError):
                sides.append({})
        for sec in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
            a, b = sides[0].get(sec) or {}, sides[1].get(sec) or {}
            out |= {k for k in set(a) | set(b) if a.get(k) != b.get(k)}
    return out


def owner(path, roots):
    best = None
    for r in roots:
        if r == "." or path == r or path.startswith(r + "/"):
            if best is None or best == "." or len(r) > len(best):
                best = r
    return best


def chain(target, touched, edges):
    """The shortest Nx chain touched -> ... -> target, as (dependent,
    dependency) edges, from a BFS over the dependents."""
    dependents = collections.defaultdict(set)
    for a, b in edges:
        dependents[b].add(a)
    prev, queue = {t: None for t in touched}, collections.deque(sorted(touched))
    while queue:
        x = queue.popleft()
        for y in sorted(dependents[x]):
            if y not in prev:
                prev[y] = x
                queue.append(y)
    if target not in prev:
        return None
    out = []
    while prev[target] is not None:
        out.append((target, prev[target]))
        target = prev[target]
    return out


start = run("git", "rev-parse", "HEAD").strip()
total = agree = agree_root = 0
classes = collections.Counter()
try:
    with open(ranges) as f:
        lines = [l.split() for l in f if l.strip() and not l.startswith("#")]
    for rid, base, head in lines:
        total += 1
        nx, nroot, nedges, nfiles, nnpm = nx_side(base, head)
        gs, gedges, why, everything = gatesel_side(base, head)
        changed = [p for p in run("git", "diff", "--name-only", "--no-renames", base + "..." + head).split("\n") if p]
        roots = set(nroot.values())
        touched = {owner(p, roots) for p in changed} - {None}
        rootfiles = [p for p in changed if owner(p, roots) == "."]
        deps = touched_npm(base, head, ["package.json"] if "package.json" in changed else [])
        if nx == gs:
            agree += 1
            print("%s agree: %d projects" % (rid, len(nx)))
            continue
        if nx - {"."} == gs - {"."}:
            agree_root += 1
        print("%s differ: Nx %d, gatesel %d%s" % (rid, len(nx), len(gs), " (gatesel: all)" if everything else ""))
        for d in sorted(nx - gs):
            if d == ".":
                print("  only Nx: %s: root: the workspace root project" % d)
                classes["root"] += 1
                continue
            c = chain(d, touched, nedges)
            missing = [(a, b) for a, b in (c or []) if (a, b) not in gedges]
            if c is None and deps & nnpm[d]:
                print("  only Nx: %s: npm: uses %s, whose entry in the root package.json changed (Nx touches the npm package for every project using it)" % (d, ", ".join(sorted(deps & nnpm[d]))))
                classes["npm package touched by the root package.json"] += 1
            elif c is None and rootfiles:
                print("  only Nx: %s: global: root files changed: %s" % (d, ", ".join(rootfiles)))
                classes["global: " + ", ".join(rootfiles)] += 1
            elif c is None:
                print("  only Nx: %s: no Nx chain from a touched project %s" % (d, sorted(touched)))
                classes["unexplained"] += 1
            elif missing:
                a, b = missing[0]
                src = sorted(set(nfiles.get((a, b), [])))
                print("  only Nx: %s: edge: %s -> %s (%s) not in gatesel's graph; Nx took it from %s; chain %s" % (
                    d, a, b, ",".join(sorted(nedges[(a, b)])), ", ".join(src[:3]) + (" and %d more" % (len(src) - 3) if len(src) > 3 else "") or "no file (package.json nx config)",
                    " <- ".join([c[-1][1]] + [x for x, _ in reversed(c)]) if c else d))
                classes["edge %s -> %s" % (a, b)] += 1
            else:
                print("  only Nx: %s: chain in both graphs: %s; gatesel did not select it" % (d, c))
                classes["gatesel missed"] += 1
        for d in sorted(gs - nx):
            print("  only gatesel: %s: %s" % (d, "; ".join(sorted(why[d]))[:400]))
            classes["gatesel more: " + ",".join(sorted({w.split(":")[0] for w in why[d]}))] += 1
finally:
    run("git", "checkout", "-q", "--detach", start)
print("%d ranges, %d agree exactly, %d more but for the root project" % (total, agree, agree_root))
for k, n in sorted(classes.items()):
    print("  %4d  %s" % (n, k))
sys.exit(0 if agree == total else 1)
