package infer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/infer"
)

// writeTree writes files (slash path -> content) under a new directory.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// summary prints a result as one line per service: name eco dir manifest id -> edges.
func summary(r *infer.Result) string {
	var b strings.Builder
	for _, s := range r.Services {
		fmt.Fprintf(&b, "%s %s %s %s %s ->", s.Name, s.Ecosystem, s.Dir, s.Manifest, s.ID)
		for _, e := range s.DependsOn {
			fmt.Fprintf(&b, " %s@%s", e.To, e.Pos)
		}
		b.WriteString("\n")
	}
	return b.String()
}

var inferTests = []struct {
	name  string
	files map[string]string
	want  string
	err   string
}{
	{
		name: "go modules without go.work, nested and skipped directories",
		files: map[string]string{
			"go.mod":                     "module example.com/mono\n\ngo 1.22\n",
			"libs/money/go.mod":          "module example.com/mono/libs/money\n\ngo 1.22\n",
			"services/ledger/go.mod":     "module example.com/mono/services/ledger\n\ngo 1.22\n\nrequire (\n\texample.com/mono/libs/money v0.0.0\n\tgolang.org/x/text v0.3.0\n)\n\nreplace example.com/mono/libs/money => ../../libs/money\n",
			"services/billing/go.mod":    "module example.com/mono/services/billing\n\ngo 1.22\n\nrequire example.com/mono/services/ledger v1.2.0\n",
			"vendor/x/go.mod":            "module x\n",
			"a/testdata/go.mod":          "module t\n",
			".github/go.mod":             "module hidden\n",
			"services/billing/main.go":   "package main\n",
			"node_modules/foo/go.mod":    "module nm\n",
			"services/ledger/ledger.go":  "package ledger\n",
			"tools/api/go.mod":           "module example.com/mono/tools/api\n",
			"services/api/go.mod":        "module example.com/mono/services/api\nrequire example.com/mono/tools/api v0.1.0\n",
			"services/ledger/README.md":  "ledger\n",
			"libs/money/money.go":        "package money\n",
			"services/api/cmd/x/main.go": "package main\n",
			"x/go.mod":                   "module example.com/x\n\nrequire example.com/fork v1.0.0\n\nreplace example.com/fork => ../libs/money\n",
		},
		want: "billing go services/billing services/billing/go.mod example.com/mono/services/billing -> ledger@services/billing/go.mod:5:1\n" +
			"ledger go services/ledger services/ledger/go.mod example.com/mono/services/ledger -> money@services/ledger/go.mod:6:2\n" +
			"money go libs/money libs/money/go.mod example.com/mono/libs/money ->\n" +
			"root go . go.mod example.com/mono ->\n" +
			"services-api go services/api services/api/go.mod example.com/mono/services/api -> tools-api@services/api/go.mod:2:1\n" +
			"tools-api go tools/api tools/api/go.mod example.com/mono/tools/api ->\n" +
			"x go x x/go.mod example.com/x -> money@x/go.mod:5:1\n",
	},
	{
		name: "go.work use list, replace to another directory",
		files: map[string]string{
			"go.work":       "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n\nreplace example.com/lib => ./b\n",
			"a/go.mod":      "module example.com/a\n\nrequire example.com/lib v1.0.0\n",
			"b/go.mod":      "module example.com/b\n",
			"c/go.mod":      "module example.com/c\n\nrequire example.com/x v1.0.0\n\nreplace example.com/x => ../a\n",
			"a/internal.go": "package a\n",
		},
		want: "a go a a/go.mod example.com/a -> b@go.work:8:1\n" +
			"b go b b/go.mod example.com/b ->\n",
	},
	{
		name: "npm workspaces with negation, every dependency kind",
		files: map[string]string{
			"package.json":                         `{"name": "root", "private": true, "workspaces": ["packages/*", "apps/*", "!packages/legacy"]}`,
			"packages/ui/package.json":             "{\n  \"name\": \"@acme/ui\",\n  \"dependencies\": {\n    \"react\": \"^18.0.0\"\n  },\n  \"peerDependencies\": {\n    \"@acme/tokens\": \"*\"\n  }\n}\n",
			"packages/tokens/package.json":         `{"name": "@acme/tokens"}`,
			"packages/legacy/package.json":         `{"name": "legacy"}`,
			"apps/web/package.json":                "{\n  \"name\": \"web\",\n  \"devDependencies\": {\n    \"@acme/ui\": \"workspace:^\"\n  },\n  \"optionalDependencies\": {\n    \"legacy\": \"1.0.0\"\n  }\n}\n",
			"apps/web/node_modules/x/package.json": `{"name": "x"}`,
			"apps/docs/README.md":                  "no package.json\n",
		},
		want: "tokens npm packages/tokens packages/tokens/package.json @acme/tokens ->\n" +
			"ui npm packages/ui packages/ui/package.json @acme/ui -> tokens@packages/ui/package.json:7\n" +
			"web npm apps/web apps/web/package.json web -> ui@apps/web/package.json:4\n",
	},
	{
		name: "yarn workspaces object form",
		files: map[string]string{
			"package.json":          `{"private": true, "workspaces": {"packages": ["pkgs/**"], "nohoist": ["**/x"]}}`,
			"pkgs/a/package.json":   `{"name": "a", "dependencies": {"b": "^1.0.0"}}`,
			"pkgs/b/package.json":   `{"name": "b"}`,
			"pkgs/b/c/package.json": `{"name": "c", "dependencies": {"a": "1.0.0"}}`,
		},
		want: "a npm pkgs/a pkgs/a/package.json a -> b@pkgs/a/package.json:1\n" +
			"b npm pkgs/b pkgs/b/package.json b ->\n" +
			"c npm pkgs/b/c pkgs/b/c/package.json c -> a@pkgs/b/c/package.json:1\n",
	},
	{
		// the layout npm 11.19.1 links, as its package-lock.json records
		// (bench/heldout.py npm): bee is a link to the workspace b, cee an
		// alias npm fetches from the registry, not a link; ./vendor/b is
		// no workspace package, so only the name gives d's edge
		name: "npm: a local-path spec to a workspace package is an edge, whatever its name",
		files: map[string]string{
			"package.json":            `{"private": true, "workspaces": ["a", "b", "c", "d"]}`,
			"a/package.json":          `{"name": "a", "dependencies": {"bee": "file:../b"}, "devDependencies": {"see": "../c"}}`,
			"b/package.json":          `{"name": "b", "version": "2.0.0"}`,
			"c/package.json":          `{"name": "c", "dependencies": {"cee": "npm:b@*", "d": "file:/abs/d", "up": "file:../../b"}}`,
			"d/package.json":          `{"name": "d", "dependencies": {"b": "file:./vendor/b"}}`,
			"d/vendor/b/package.json": `{"name": "b"}`,
		},
		want: "a npm a a/package.json a -> b@a/package.json:1 c@a/package.json:1\n" +
			"b npm b b/package.json b ->\n" +
			"c npm c c/package.json c -> b@c/package.json:1 d@c/package.json:1\n" + // npm fetches the alias npm:b@* from the registry, yarn links the workspace package (fail safe: an edge)
			"d npm d d/package.json d -> b@d/package.json:1\n",
	},
	{
		// the layout pnpm 9.15.9 links, as its pnpm-lock.yaml records
		// (bench/heldout.py pnpm): bee -> link:../b, dee -> link:../d,
		// bb -> link:../b
		name: "pnpm: a workspace: alias or relative path is an edge, whatever the dependency's name",
		files: map[string]string{
			"pnpm-workspace.yaml":  "packages: [a, b, c, d, e]\n",
			"a/package.json":       `{"name": "a", "dependencies": {"bee": "workspace:b@*", "ee": "workspace:@s/e@^"}}`,
			"b/package.json":       `{"name": "b", "version": "2.0.0"}`,
			"c/package.json":       `{"name": "c", "dependencies": {"dee": "workspace:../d"}}`,
			"d/package.json":       `{"name": "d", "dependencies": {"bb": "link:../b"}}`,
			"e/package.json":       `{"name": "@s/e", "devDependencies": {"x": "workspace:@s/e@^", "y": "workspace:@s/none@*", "z": "workspace:*"}, "peerDependencies": {"w": "workspace:@s"}}`,
			"e/other/package.json": `{"name": "other"}`,
		},
		want: "a npm a a/package.json a -> b@a/package.json:1 e@a/package.json:1\n" +
			"b npm b b/package.json b ->\n" +
			"c npm c c/package.json c -> d@c/package.json:1\n" +
			"d npm d d/package.json d -> b@d/package.json:1\n" +
			"e npm e e/package.json @s/e ->\n",
	},
	{
		name: "pnpm-workspace.yaml wins over package.json workspaces",
		files: map[string]string{
			"pnpm-workspace.yaml":   "packages:\n  - 'libs/*'\n  - '!libs/old'\n",
			"package.json":          `{"workspaces": ["other/*"]}`,
			"libs/a/package.json":   `{"name": "a", "dependencies": {"b": "workspace:*"}}`,
			"libs/b/package.json":   `{"name": "b"}`,
			"libs/old/package.json": `{"name": "old"}`,
			"other/x/package.json":  `{"name": "x"}`,
		},
		want: "a npm libs/a libs/a/package.json a -> b@libs/a/package.json:1\n" +
			"b npm libs/b libs/b/package.json b ->\n",
	},
	{
		// the layout of typescript-eslint (Nx 22 on a pnpm workspace):
		// types copies ast-spec at build time, declared only to Nx; the
		// edges are those Nx 22.7.6's findMatchingProjects gives for these
		// patterns (bench/nx-affected.py, docs/performance.md)
		name: "npm: Nx implicitDependencies in package.json's nx field",
		files: map[string]string{
			"pnpm-workspace.yaml":                     "packages:\n  - packages/*\n",
			"package.json":                            `{"name": "repo", "nx": {"name": "repo"}}`,
			"packages/ast-spec/package.json":          `{"name": "@te/ast-spec", "devDependencies": {"@te/typescript-estree": "workspace:*"}, "nx": {"name": "ast-spec", "implicitDependencies": ["!typescript-estree"]}}`,
			"packages/types/package.json":             "{\n  \"name\": \"@te/types\",\n  \"nx\": {\n    \"name\": \"types\",\n    \"implicitDependencies\": [\n      \"ast-spec\",\n      \"nope\",\n      \"repo\"\n    ]\n  }\n}\n",
			"packages/typescript-estree/package.json": `{"name": "@te/typescript-estree", "dependencies": {"@te/types": "workspace:^"}, "nx": {"name": "typescript-estree"}}`,
			"packages/website/package.json":           `{"name": "website", "private": true, "keywords": ["docs"], "nx": {"tags": ["shared"]}}`,
			"packages/webkit/package.json":            `{"name": "webkit", "keywords": "not a list"}`,
			"packages/tools/package.json":             `{"name": "tools", "nx": {"implicitDependencies": ["tag:shared", "directory:packages/web*", "!website"]}}`,
			"packages/docs/package.json":              `{"name": "docs", "nx": {"implicitDependencies": ["tag:npm:docs", "estree", "util"]}}`,
			"packages/util/package.json":              `{"name": "@te/util"}`,
			"packages/kits/package.json":              `{"name": "kits", "nx": {"implicitDependencies": ["packages/web*"]}}`,
			"packages/all/package.json":               `{"name": "all", "nx": {"implicitDependencies": ["*", "!tools", "!tag:npm:private"]}}`,
		},
		want: "all npm packages/all packages/all/package.json all -> ast-spec@packages/all/package.json:1 docs@packages/all/package.json:1 kits@packages/all/package.json:1 types@packages/all/package.json:1 typescript-estree@packages/all/package.json:1 util@packages/all/package.json:1 webkit@packages/all/package.json:1\n" +
			"ast-spec npm packages/ast-spec packages/ast-spec/package.json @te/ast-spec -> typescript-estree@packages/ast-spec/package.json:1\n" +
			"docs npm packages/docs packages/docs/package.json docs -> util@packages/docs/package.json:1 website@packages/docs/package.json:1\n" +
			"kits npm packages/kits packages/kits/package.json kits -> webkit@packages/kits/package.json:1 website@packages/kits/package.json:1\n" +
			"tools npm packages/tools packages/tools/package.json tools -> webkit@packages/tools/package.json:1\n" +
			"types npm packages/types packages/types/package.json @te/types -> ast-spec@packages/types/package.json:6\n" +
			"typescript-estree npm packages/typescript-estree packages/typescript-estree/package.json @te/typescript-estree -> types@packages/typescript-estree/package.json:1\n" +
			"util npm packages/util packages/util/package.json @te/util ->\n" +
			"webkit npm packages/webkit packages/webkit/package.json webkit ->\n" +
			"website npm packages/website packages/website/package.json website ->\n",
	},
	{
		name: "cargo workspace with globs, exclude, root package, workspace and path dependencies",
		files: map[string]string{
			"Cargo.toml":             "[package]\nname = \"app\"\n\n[dependencies]\ncore = { workspace = true }\n\n[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/skip\"]\n\n[workspace.dependencies]\ncore = { path = \"crates/core\" }\nserde = \"1\"\n",
			"crates/core/Cargo.toml": "[package]\nname = \"core\"\n\n[dev-dependencies]\nutil = { path = \"../../extra/util\" }\n",
			"crates/cli/Cargo.toml":  "[package]\nname = \"cli\"\n\n[target.'cfg(unix)'.dependencies]\ncore.workspace = true\n",
			"crates/skip/Cargo.toml": "[package]\nname = \"skip\"\n",
			"extra/util/Cargo.toml":  "[package]\nname = \"util\"\n",
		},
		want: "cli cargo crates/cli crates/cli/Cargo.toml cli -> core@crates/cli/Cargo.toml:5\n" +
			"core cargo crates/core crates/core/Cargo.toml core -> util@crates/core/Cargo.toml:5\n" +
			"root cargo . Cargo.toml app -> core@Cargo.toml:5\n" +
			"util cargo extra/util extra/util/Cargo.toml util ->\n",
	},
	{
		name: "uv workspace with root sources",
		files: map[string]string{
			"pyproject.toml":                      "[project]\nname = \"albatross\"\ndependencies = [\"bird-feeder\", \"tqdm>=4\"]\n\n[tool.uv.sources]\nbird-feeder = { workspace = true }\nseeds = { workspace = true }\n\n[tool.uv.workspace]\nmembers = [\"packages/*\"]\nexclude = [\"packages/seeds-old\"]\n",
			"packages/bird-feeder/pyproject.toml": "[project]\nname = \"Bird_Feeder\"\ndependencies = [\"seeds>=1.0\"]\n",
			"packages/seeds/pyproject.toml":       "[project]\nname = \"seeds\"\n",
			"packages/seeds-old/pyproject.toml":   "[project]\nname = \"seeds-old\"\n",
		},
		want: "bird-feeder uv packages/bird-feeder packages/bird-feeder/pyproject.toml bird-feeder -> seeds@packages/bird-feeder/pyproject.toml:3\n" +
			"root uv . pyproject.toml albatross -> bird-feeder@pyproject.toml:3\n" +
			"seeds uv packages/seeds packages/seeds/pyproject.toml seeds ->\n",
	},
	{
		name: "one directory, two ecosystems",
		files: map[string]string{
			"go.work":          "go 1.22\nuse ./web\n",
			"web/go.mod":       "module example.com/web\n",
			"package.json":     `{"workspaces": ["web"]}`,
			"web/package.json": `{"name": "web"}`,
		},
		want: "web-go go web web/go.mod example.com/web ->\n" +
			"web-npm npm web web/package.json web ->\n",
	},
	{
		name: "broken go.mod",
		files: map[string]string{
			"a/go.mod": "module example.com/a\nrequire (\n  bad line here\n",
		},
		err: "a/go.mod:4:1: syntax error (unterminated block started at a/go.mod:2:1)",
	},
	{
		name: "broken package.json",
		files: map[string]string{
			"package.json":     `{"workspaces": ["p/*"]}`,
			"p/a/package.json": "{\n  \"name\": \"a\",\n  \"dependencies\": [1]\n}\n",
		},
		err: "p/a/package.json:3: dependencies: want map[string]string, got array",
	},
	{
		name: "broken Cargo.toml",
		files: map[string]string{
			"Cargo.toml": "[workspace]\nmembers = [\"a\"\n",
		},
		err: "Cargo.toml:2:15: toml: array is incomplete",
	},
	{
		// cargo metadata --no-deps (cargo 1.95) lists these 8 members and 6
		// edges between them: an explicit member inside an excluded
		// directory is a member, and so is its path dependency below it; a
		// glob matches a hidden directory; dev_dependencies is read; a path
		// dependency outside the repository and one excluded are no members
		name: "cargo exclude, explicit members, hidden glob matches, renamed and path-only members",
		files: map[string]string{
			"Cargo.toml": "[workspace]\nmembers = [\"crates/*\", \"tools/explicit\", \"solo\"]\nexclude = [\"crates/skip\", \"tools\"]\n" +
				"default-members = [\"crates/a\"]\n\n[workspace.dependencies]\nrenamed-b = { path = \"crates/b\", package = \"b\" }\nhid = { path = \"crates/.hid\" }\n",
			"crates/a/Cargo.toml": "[package]\nname = \"a\"\n\n[dependencies]\nbee = { package = \"b\", path = \"../b\" }\npd = { path = \"../../pathonly\" }\n" +
				"[target.\"cfg(windows)\".dependencies]\ne = { path = \"../../tools/explicit\" }\n[dev_dependencies]\nsolo = { path = \"../../solo\" }\n" +
				"[build-dependencies]\nrenamed-b = { workspace = true }\n",
			"crates/b/Cargo.toml":             "[package]\nname = \"b\"\n[target.x86_64-unknown-linux-gnu.dev-dependencies]\nsk = { path = \"../skip\", package = \"skip\" }\n",
			"crates/skip/Cargo.toml":          "[package]\nname = \"skip\"\n",
			"crates/.hid/Cargo.toml":          "[package]\nname = \"hid\"\n",
			"tools/explicit/Cargo.toml":       "[package]\nname = \"explicit\"\n[dependencies]\ninner = { path = \"inner\" }\n",
			"tools/explicit/inner/Cargo.toml": "[package]\nname = \"inner\"\n",
			"tools/other/Cargo.toml":          "[package]\nname = \"other\"\n",
			"solo/Cargo.toml":                 "[package]\nname = \"solo\"\n[dependencies]\nout = { path = \"../../outside\" }\n",
			"pathonly/Cargo.toml":             "[package]\nname = \"pathonly\"\n[dependencies]\ndeep = { path = \"../deep\" }\n",
			"deep/Cargo.toml":                 "[package]\nname = \"deep\"\n",
		},
		want: "a cargo crates/a crates/a/Cargo.toml a -> b@crates/a/Cargo.toml:5 explicit@crates/a/Cargo.toml:8 pathonly@crates/a/Cargo.toml:6 solo@crates/a/Cargo.toml:10\n" +
			"b cargo crates/b crates/b/Cargo.toml b ->\n" +
			"deep cargo deep deep/Cargo.toml deep ->\n" +
			"explicit cargo tools/explicit tools/explicit/Cargo.toml explicit -> inner@tools/explicit/Cargo.toml:4\n" +
			"hid cargo crates/.hid crates/.hid/Cargo.toml hid ->\n" +
			"inner cargo tools/explicit/inner tools/explicit/inner/Cargo.toml inner ->\n" +
			"pathonly cargo pathonly pathonly/Cargo.toml pathonly -> deep@pathonly/Cargo.toml:4\n" +
			"solo cargo solo solo/Cargo.toml solo ->\n",
	},
	{
		name: "cargo member without a manifest",
		files: map[string]string{
			"Cargo.toml":   "[workspace]\nmembers = [\"a\", \"b\"]\n",
			"a/Cargo.toml": "[package]\nname = \"a\"\n",
		},
		err: "Cargo.toml:2: workspace member b has no Cargo.toml",
	},
}

func TestInfer(t *testing.T) {
	for _, tt := range inferTests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, tt.files)
			res, err := infer.Infer(context.Background(), os.DirFS(dir), infer.Options{})
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.Nil(t, res)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, summary(res))
		})
	}
}

// TestInferAliasesOutside: an npm: alias of a package outside the
// workspace is a requirement under its own key only (the aliased name is
// no package of the member's), and pnpm's "workspace:./e" is a path from
// the package's directory, never yarn's path from the root.
func TestInferAliasesOutside(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"pnpm-workspace.yaml":       "packages: ['packages/*', 'packages/d/e', e]\n",
		"packages/d/package.json":   `{"name": "d", "dependencies": {"tiny": "npm:ms@^2.1.2", "x": "workspace:./e"}}`,
		"packages/d/e/package.json": `{"name": "de"}`,
		"e/package.json":            `{"name": "e"}`,
	})
	res, err := infer.Infer(context.Background(), os.DirFS(dir), infer.Options{})
	require.NoError(t, err)
	for _, s := range res.Services {
		if s.ID != "d" {
			continue
		}
		assert.NotContains(t, s.Requires, "ms", "the alias's own key is the requirement")
		assert.Equal(t, "npm:ms@^2.1.2", s.Requires["tiny"])
		require.Len(t, s.DependsOn, 1)
		assert.Equal(t, "de", res.Services[slices.IndexFunc(res.Services, func(o *infer.Service) bool { return o.Name == s.DependsOn[0].To })].ID)
		return
	}
	t.Fatal("no service d")
}
