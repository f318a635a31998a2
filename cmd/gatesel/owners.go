package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gatesel/gatesel/graph"
	"github.com/gatesel/gatesel/ownership"
	"github.com/gatesel/gatesel/selector"
	"github.com/gatesel/gatesel/selector/render"
)

const ownersLong = `Prints the code owners of each PATH (repository-relative), in input order.
Relative --codeowners and --files paths are read from DIR.
text: PATH<TAB>OWNERS (space-separated; empty when unowned)
json: one {"path","owners","rules":[{"line","pattern","section"}]} object per line`

// newOwnersCmd is "gatesel owners": CODEOWNERS lookups for many paths.
func newOwnersCmd(e *env) *cobra.Command {
	var o ownersFlags
	c := newCommand("owners", "[-C DIR] [--codeowners F] [--dialect github|gitlab] [--format text|json] PATH...|--files F|-", "print the code owners of paths", func(c *cobra.Command, args []string) error {
		return runOwners(c.Context(), e, c, o, args)
	})
	c.Long = ownersLong
	flags := c.Flags()
	flags.StringVarP(&o.dir, "directory", "C", ".", "run as if started in `DIR`")
	flags.StringVar(&o.codeowners, "codeowners", "", "CODEOWNERS `file` (default: the first of the host's locations that exists)")
	flags.StringVar(&o.dialect, "dialect", "", "CODEOWNERS dialect: github or gitlab (default: detected)")
	flags.StringVar(&o.format, "format", "text", "output format: text or json")
	flags.StringVar(&o.files, "files", "", "read paths from `F`, one per line (- for stdin)")
	registerValues(c, "format", []string{"text", "json"})
	registerValues(c, "dialect", dialects)
	registerCompletion(c, "directory", completeDirs)
	return c
}

// ownersFlags are the flags of owners.
type ownersFlags struct{ dir, codeowners, dialect, format, files string }

// runOwners prints the owners of each path.
func runOwners(ctx context.Context, e *env, c *cobra.Command, o ownersFlags, paths []string) error {
	dir, codeowners, dialectFlag, format, files := &o.dir, &o.codeowners, &o.dialect, &o.format, &o.files
	if err := checkDir(*dir); err != nil {
		return err
	}
	dialect, err := ownership.ParseDialect(*dialectFlag)
	if err != nil {
		return usagef("%v", err)
	}
	if *format != "text" && *format != "json" {
		return usagef("unknown format %q (want text or json)", *format)
	}
	if *files != "" && len(paths) > 0 {
		return usagef("give paths as arguments or with --files, not both")
	}
	if *files == "" && len(paths) == 0 {
		printUsage(c, e.stderr)
		return usagef("no paths: give PATH arguments or --files F|-")
	}

	// The CODEOWNERS file and dialect that select reads: gates.yaml's
	// settings.codeowners and settings.codeowners_dialect, when the
	// flags do not say.
	if *codeowners == "" || dialect == ownership.Auto {
		if st, err := os.Stat(filepath.Join(*dir, "gates.yaml")); err == nil && !st.IsDir() {
			g, _, err := graph.Load(os.DirFS(*dir), "gates.yaml")
			if err != nil {
				fmt.Fprintf(e.stderr, "gatesel: warning: gates.yaml not read, its settings.codeowners do not apply: %s\n", render.Escape(strings.SplitN(err.Error(), "\n", 2)[0]))
			} else {
				if *codeowners == "" {
					*codeowners = g.Settings.Codeowners
				}
				if dialect == ownership.Auto && g.Settings.CodeownersDialect != "" {
					if dialect, err = ownership.ParseDialect(g.Settings.CodeownersDialect); err != nil {
						return err
					}
				}
			}
		}
	}
	rs, err := loadCodeowners(e, *dir, *codeowners, dialect)
	if err != nil {
		return err
	}
	if *files != "" {
		paths, err = readPathList(e, *dir, *files)
		if err != nil {
			return err
		}
	}

	out := bufio.NewWriterSize(e.stdout, 64<<10)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for i, p := range paths {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		m := rs.Match(p)
		if *format == "json" {
			if err := enc.Encode(ownersJSON(p, m, rs.Dialect)); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			continue
		}
		out.WriteString(render.Escape(p))
		out.WriteByte('\t')
		out.WriteString(strings.Join(render.EscapeAll(m.Owners), " "))
		out.WriteByte('\n')
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// loadCodeowners reads and parses the CODEOWNERS file as select does
// (ownership.Load), printing the lines it had to skip as warnings. A file
// named outside dir (an absolute path, or one that climbs out) is read
// where it is, on purpose.
func loadCodeowners(e *env, dir, file string, dialect ownership.Dialect) (*ownership.Ruleset, error) {
	var rs *ownership.Ruleset
	var err error
	if rel := filepath.ToSlash(filepath.Clean(file)); file != "" && (filepath.IsAbs(file) || !fs.ValidPath(rel)) {
		rs, err = readCodeownersOutside(file, dir, dialect)
	} else {
		rs, err = ownership.Load(os.DirFS(dir), filepath.ToSlash(file), dialect)
		var read *fs.PathError // a read error; those of parsing are returned as they are
		switch {
		case errors.Is(err, ownership.ErrNoCodeowners):
			return nil, fmt.Errorf("no CODEOWNERS file in %s (looked for %s); give one with --codeowners", dir, strings.Join(ownership.Locations(dialect), ", "))
		case errors.As(err, &read) && errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("read codeowners: %s does not exist", filepath.Join(dir, filepath.FromSlash(read.Path)))
		case errors.As(err, &read):
			return nil, fmt.Errorf("read codeowners: %w", err)
		}
	}
	if err != nil {
		return nil, err
	}
	for _, s := range rs.Skipped {
		fmt.Fprintf(e.stderr, "gatesel: warning: %s\n", render.Escape(s.Error()))
	}
	return rs, nil
}

// readCodeownersOutside reads and parses a CODEOWNERS file named outside
// dir, refusing one of MaxSize bytes or more without reading it all.
func readCodeownersOutside(name, dir string, dialect ownership.Dialect) (*ownership.Ruleset, error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, filepath.FromSlash(name))
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read codeowners: %s does not exist", path)
		}
		return nil, fmt.Errorf("read codeowners: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() >= ownership.MaxSize {
		return nil, fmt.Errorf("read codeowners %s: %w: %d bytes, the limit is %d", path, ownership.ErrTooLarge, st.Size(), ownership.MaxSize)
	}
	data, err := io.ReadAll(io.LimitReader(f, ownership.MaxSize))
	if err != nil {
		return nil, fmt.Errorf("read codeowners: %w", err)
	}
	return ownership.Parse(name, data, dialect)
}

// readPathList reads one path per line from a file or "-" (stdin). Blank
// lines are skipped; "\r" line ends are accepted.
func readPathList(e *env, dir, name string) ([]string, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, name)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read paths: %w", err)
		}
		defer f.Close()
		r = f
	}
	var paths []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line, size := 0, 0
	for sc.Scan() {
		line++
		if size += len(sc.Bytes()) + 1; size > selector.MaxFilesBytes {
			return nil, fmt.Errorf("read paths from %s: %w: more than %d bytes", name, selector.ErrFilesTooLarge, selector.MaxFilesBytes)
		}
		p := strings.TrimSuffix(sc.Text(), "\r")
		if p != "" {
			if len(paths) == selector.MaxFilesPaths {
				return nil, fmt.Errorf("read paths from %s: line %d: %w: more than %d paths", name, line, selector.ErrFilesTooLarge, selector.MaxFilesPaths)
			}
			paths = append(paths, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read paths from %s: line %d: %w", name, line+1, err)
	}
	return paths, nil
}

type ownersLine struct {
	Path   string      `json:"path"`
	Owners []string    `json:"owners"`
	Rules  []ownerRule `json:"rules"`
}

type ownerRule struct {
	Line    int     `json:"line"`
	Pattern string  `json:"pattern"`
	Section *string `json:"section,omitempty"` // GitLab only ("" for the unnamed section)
}

func ownersJSON(path string, m ownership.Match, d ownership.Dialect) ownersLine {
	l := ownersLine{Path: path, Owners: m.Owners, Rules: make([]ownerRule, 0, len(m.Rules))}
	if l.Owners == nil {
		l.Owners = []string{}
	}
	for _, r := range m.Rules {
		or := ownerRule{Line: r.Line, Pattern: r.Pattern}
		if d == ownership.GitLab {
			s := r.Section
			or.Section = &s
		}
		l.Rules = append(l.Rules, or)
	}
	return l
}
