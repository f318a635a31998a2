#!/usr/bin/env python3
"""heldout.py go|pnpm|npm|yarn|cargo REPO [GATESEL]: compares what `gatesel graph` infers
(infer: for that ecosystem only) with what the ecosystem's own tool reports,
on a real repository, and prints every difference.

go:   the modules are the go.mod files git tracks (not under vendor/,
      testdata/, node_modules/ or hidden directories), or go.work's use list;
      each module's path and direct requirements are `go mod edit -json`'s
      (the go tool's own reading; `go mod graph` prints the same main-module
      edges but needs the dependencies' go.mod files), and go.work replaces
      and the module's local-directory replaces of required modules count.
      A required module of the repository is an edge: to the module with
      that path, or to the directory a local replace names. With a go.work
      the go tool's imports count too: `go list -e -deps
      -test -json` over every module's ./... (it loads the packages: the
      third-party modules come from GOPROXY), an edge from each workspace
      module to the workspace module of every package its packages and
      their tests import, for this GOOS/GOARCH and default tags. gatesel
      counts every file whatever its build constraints, so an edge only
      gatesel has is explained when every file of the module that imports
      the other is one go list ignored (IgnoredGoFiles); and the closure
      of gatesel's edges must hold every workspace module in each module's
      `go list -deps -test` (imports through third-party modules included).
pnpm: the projects are `pnpm ls -r --json --depth -1` (pnpm's own list of
      the workspace, root included: gatesel makes the root a service only
      when a pattern names it); the edges are pnpm's resolution recorded in
      pnpm-lock.yaml: an importer's dependency whose version is link:DIR to
      another project.
npm:  the workspaces are `npm query .workspace --package-lock-only`
      (npm's own reading of package.json and package-lock.json, no
      install); the edges are npm's resolution: each workspace's edges out
      (dependencies of every kind) whose node is a package-lock.json
      `link: true` entry resolving to another workspace.
yarn: (berry) the workspaces and edges are `yarn workspaces list --json
      -v`: its workspaceDependencies; its mismatchedWorkspaceDependencies
      (a dependency naming a workspace whose range the workspace's version
      does not satisfy: yarn takes it from the registry) are edges gatesel
      has by its rule, explained as fail-safe.

REPO must be a clone the script may write an untracked gates.yaml into.
Exit 0 when both agree, 1 otherwise."""
import json, os, re, subprocess, sys

import yaml

eco, repo = sys.argv[1], os.path.abspath(sys.argv[2])
gatesel = sys.argv[3] if len(sys.argv) > 3 else "gatesel"


def run(*args, cwd=repo):
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout


def gatesel_graph():
    """(services by directory, edges as (from dir, to dir)) from gatesel."""
    ecokey = {"go": "go", "cargo": "cargo"}.get(eco, "npm")
    with open(os.path.join(repo, "gates.yaml"), "w") as f:
        f.write("version: 1\nsettings: {unowned: ignore}\ngates:\n  t: {run: 'true'}\n"
                "infer:\n  %s: {gates: [t]}\n" % ecokey)
    g = json.loads(run(gatesel, "graph", "--format", "json"))
    dirs = {}
    for n in g["nodes"]:
        if n["kind"] == "service" and n.get("source"):
            dirs[n["id"]] = os.path.dirname(n["source"]) or "."
    edges = {(dirs[e["from"]], dirs[e["to"]]) for e in g["edges"]
             if e["kind"] == "depends_on" and e["from"] in dirs and e["to"] in dirs}
    return set(dirs.values()), edges


def skipped(d):
    parts = d.split("/")
    return any(p in ("vendor", "testdata", "node_modules") or p.startswith(".") for p in parts if p != ".")


def go_tool():
    gowork = os.path.exists(os.path.join(repo, "go.work"))
    global golist, gomods

    work = json.loads(run("go", "work", "edit", "-json")) if gowork else {}
    if gowork:
        dirs = {os.path.normpath(u["DiskPath"]) for u in work.get("Use") or []}
    else:
        dirs = {os.path.dirname(p) or "." for p in run("git", "ls-files", "-z", "--", "go.mod", "**/go.mod").split("\0")
                if p and not skipped(os.path.dirname(p) or ".")}
    mods = {d: json.loads(run("go", "mod", "edit", "-json", os.path.join(d, "go.mod"))) for d in dirs}
    bypath = {m["Module"]["Path"]: d for d, m in mods.items()}
    gomods = {d: m["Module"]["Path"] for d, m in mods.items()}
    edges = set()
    for d, m in mods.items():
        req = {r["Path"] for r in m.get("Require") or []}
        for r in req:
            if r in bypath and bypath[r] != d:
                edges.add((d, bypath[r]))
        for rep, base in [(x, ".") for x in work.get("Replace") or []] + [(x, d) for x in m.get("Replace") or []]:
            new = rep["New"]["Path"]
            if rep["Old"]["Path"] in req and (new.startswith("./") or new.startswith("../")):
                t = os.path.normpath(os.path.join(base, new))
                if t in dirs and t != d:
                    edges.add((d, t))
    if gowork:
        golist = go_imports(dirs, {m["Module"]["Path"]: d for d, m in mods.items()})
        edges |= golist["edges"]
    return dirs, edges


def go_imports(dirs, bypath):
    """The go tool's view of the workspace's imports: direct module edges,
    each module's `-deps -test` set of workspace modules, and the ignored
    files of each module, from one `go list -e -deps -test -json`."""
    pats = ["./..." if d == "." else "./" + d + "/..." for d in sorted(dirs)]
    out = run("go", "list", "-e", "-deps", "-test", "-json", *pats)
    dec, i, pkgs = json.JSONDecoder(), 0, {}
    while True:
        while i < len(out) and out[i].isspace():
            i += 1
        if i >= len(out):
            break
        p, i = dec.raw_decode(out, i)
        pkgs[p["ImportPath"]] = p

    def moddir(p):
        m = p.get("Module") or {}
        return bypath.get(m.get("Path")) if m.get("Main") else None

    errors = [p["ImportPath"] for p in pkgs.values() if p.get("Error") and moddir(p)]
    edges, deps, ignored = set(), {}, {}
    for p in pkgs.values():
        a = moddir(p)
        if a is None:
            continue
        for f in p.get("IgnoredGoFiles") or []:
            ignored.setdefault(a, set()).add(os.path.relpath(os.path.join(p["Dir"], f), repo))
        for imp in p.get("Imports") or []:
            b = moddir(pkgs.get(imp, {}))
            if b is not None and b != a:
                edges.add((a, b))
        seen, todo = set(), [p["ImportPath"]]
        while todo:
            q = pkgs.get(todo.pop())
            if q is None or q["ImportPath"] in seen:
                continue
            seen.add(q["ImportPath"])
            b = moddir(q)
            if b is not None and b != a:
                deps.setdefault(a, set()).add(b)
            todo.extend(q.get("Imports") or [])
    return {"edges": edges, "deps": deps, "ignored": ignored, "errors": errors, "pkgs": len(pkgs)}


IMPORT_BLOCK = re.compile(r'^import\s*(\((?:[^)]*)\)|[^\n]*)', re.M)


def imports_in(f):
    """The import paths of a Go file (for explaining, not for measuring)."""
    try:
        src = open(os.path.join(repo, f), encoding="utf-8", errors="replace").read()
    except OSError:
        return set()
    return {m for blk in IMPORT_BLOCK.findall(src) for m in re.findall(r'"([^"]+)"|`([^`]+)`', blk) for m in m if m}


def explain_go(edge, mods_by_dir):
    """Why an edge only gatesel has is not go list's: every file of the
    module importing the other module is one go list ignored."""
    a, b = edge
    bpath = mods_by_dir[b]
    files = golist["ignored"].get(a, set())
    hits = sorted(f for f in files if any(i == bpath or i.startswith(bpath + "/") for i in imports_in(f)))
    return hits


def pnpm_tool():
    projects = json.loads(run("pnpm", "ls", "-r", "--json", "--depth", "-1"))
    dirs = {os.path.relpath(p["path"], repo) for p in projects}
    with open(os.path.join(repo, "pnpm-lock.yaml")) as f:
        # pnpm 11+ writes a first document of its own (the package manager's own dependencies)
        lock = max((d for d in yaml.safe_load_all(f) if d and "importers" in d), key=lambda d: len(d["importers"]))
    edges = set()
    for imp, sections in (lock.get("importers") or {}).items():
        for sec in ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies"):
            for name, v in (sections.get(sec) or {}).items():
                ver = v["version"] if isinstance(v, dict) else v
                if str(ver).startswith("link:"):
                    t = os.path.normpath(os.path.join(imp, ver[5:]))
                    if t in dirs and t != imp:
                        edges.add((os.path.normpath(imp), t))
    return dirs, edges


def npm_tool():
    wss = json.loads(run("npm", "query", ".workspace", "--package-lock-only"))
    dirs = {w["location"] for w in wss}
    with open(os.path.join(repo, "package-lock.json")) as f:
        pkgs = json.load(f)["packages"]
    edges = set()
    for w in wss:
        for loc in w["to"]:
            t = pkgs.get(loc, {}).get("resolved") if pkgs.get(loc, {}).get("link") else loc
            if t in dirs and t != w["location"]:
                edges.add((w["location"], t))
    return dirs, edges


def yarn_tool():
    wss = [json.loads(l) for l in run("yarn", "workspaces", "list", "--json", "-v").splitlines() if l.strip()]
    dirs = {w["location"] for w in wss}
    edges = {(w["location"], t) for w in wss for t in w["workspaceDependencies"] if t != w["location"]}
    byname = {w["name"]: w["location"] for w in wss}
    for w in wss:
        for m in w.get("mismatchedWorkspaceDependencies") or []:
            if re.sub(r"(.)@.*$", r"\1", m) in byname:
                yarn_why[(w["location"], byname[re.sub(r"(.)@.*$", r"\1", m)])] = \
                    "the range misses the workspace's version, yarn takes the registry's (fail-safe)"
        with open(os.path.join(repo, w["location"], "package.json")) as f:
            p = json.load(f)
        hard = set(p.get("dependencies") or {}) | set(p.get("devDependencies") or {}) | set(p.get("optionalDependencies") or {})
        for n in set(p.get("peerDependencies") or {}) - hard:
            if n in byname:
                yarn_why[(w["location"], byname[n])] = \
                    "a peerDependency only: yarn's list reads dependencies and devDependencies (fail-safe)"
    return dirs, edges


def cargo_tool():
    meta = json.loads(run("cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"))
    root = os.path.realpath(repo)
    rel = lambda p: os.path.relpath(os.path.realpath(p), root)
    members = set(meta["workspace_members"])
    pkgs = [p for p in meta["packages"] if p["id"] in members]
    dirs = {rel(os.path.dirname(p["manifest_path"])) for p in pkgs}
    edges = set()
    for p in pkgs:
        d = rel(os.path.dirname(p["manifest_path"]))
        for dep in p["dependencies"]:
            t = rel(dep["path"]) if dep.get("path") else None
            if t in dirs and t != d:
                edges.add((d, t))
    return dirs, edges


golist, gomods, yarn_why = None, {}, {}
gs, ge = gatesel_graph()
ts, te = {"go": go_tool, "pnpm": pnpm_tool, "npm": npm_tool, "yarn": yarn_tool, "cargo": cargo_tool}[eco]()
print("%s: %s: gatesel %d services, %d edges; the tool %d, %d" % (eco, repo, len(gs), len(ge), len(ts), len(te)))
diff = explained = 0
for what, a, b in [("service", gs, ts), ("edge", ge, te)]:
    for side, xs in [("only gatesel", a - b), ("only the tool", b - a)]:
        for x in sorted(xs):
            root = x == "." or (isinstance(x, tuple) and "." in x)
            if eco in ("pnpm", "npm", "yarn") and root and side == "only the tool" and "." not in gs:
                # gatesel's rule: the root package is a service only when a
                # workspace pattern names it; its package.json is a
                # root-level file (a change to its dependencies selects all)
                print("  explained: %s %s: the workspace root, not a service by gatesel's rule" % (what, x)); explained += 1
                continue
            if x in yarn_why and side == "only gatesel":
                print("  explained: edge %s: %s" % (x, yarn_why[x]))
                explained += 1
                continue
            if eco == "go" and golist and what == "edge" and side == "only gatesel":
                hits = explain_go(x, gomods)
                if hits:
                    print("  explained: edge %s: only build-constrained files import it: %s" % (x, " ".join(hits[:3])))
                    explained += 1
                    continue
            print("  %s: %s %s" % (side, what, x)); diff += 1
if golist:
    # the closure of gatesel's edges holds each module's go list -deps -test set
    succ = {}
    for f, t in ge:
        succ.setdefault(f, set()).add(t)
    closure = {}
    for a in gs:
        seen, todo = set(), [a]
        while todo:
            for t in succ.get(todo.pop(), ()):
                if t not in seen:
                    seen.add(t); todo.append(t)
        closure[a] = seen - {a}
    missing = sorted((a, b) for a, bs in golist["deps"].items() for b in bs if b not in closure.get(a, set()))
    for m in missing:
        print("  only the tool: -deps -test %s -> %s, not in gatesel's closure" % m); diff += 1
    print("  go list: %d packages, %d with errors in workspace modules; %d import edges; -deps sets %d entries, all in gatesel's closure: %s"
          % (golist["pkgs"], len(golist["errors"]), len(golist["edges"]), sum(map(len, golist["deps"].values())), not missing))
print("  agree" if diff == 0 else "  %d difference(s)" % diff, "(%d explained)" % explained if explained else "")
sys.exit(1 if diff else 0)
