package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/stretchr/testify/require"
)

// BenchmarkUncommitted: Uncommitted on a work tree of 6,000 tracked files
// in 240 directories, with a .gitignore in each tenth directory, an
// ignored build directory of 500 files, 12 edited and 20 untracked files;
// the files are older than the index, as in a tree edited long after
// checkout, so the stat comparison decides.
func BenchmarkUncommitted(b *testing.B) {
	g := gittest.New(b)
	files := map[string]string{".gitignore": "*.log\nbuild/\n/tmp-*\n*.[oa]\n!keep.a\n"}
	for d := 0; d < 240; d++ {
		dir := fmt.Sprintf("pkg%03d/sub%d", d, d%7)
		if d%10 == 0 {
			files[dir+"/.gitignore"] = "*.gen.go\ncache/\nx[!a].y\n"
		}
		for f := 0; f < 25; f++ {
			files[fmt.Sprintf("%s/file%02d.go", dir, f)] = fmt.Sprintf("package p%d // %d\n", d, f)
		}
	}
	g.Commit("base", files)
	past := time.Now().Add(-time.Hour)
	require.NoError(b, filepath.Walk(g.Dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() && fi.Name() == ".git" {
			if err == nil {
				err = filepath.SkipDir
			}
			return err
		}
		return os.Chtimes(p, past, past)
	}))
	g.Git("update-index", "-q", "--refresh")
	at := past.Add(time.Minute)
	require.NoError(b, os.Chtimes(filepath.Join(g.Dir, ".git", "index"), at, at))
	dirty := map[string]string{}
	for i := 0; i < 500; i++ {
		dirty[fmt.Sprintf("build/out%03d.o", i)] = "ignored"
	}
	for i := 0; i < 12; i++ {
		dirty[fmt.Sprintf("pkg%03d/sub%d/file01.go", i*20, i*20%7)] = "edited\n"
	}
	for i := 0; i < 20; i++ {
		dirty[fmt.Sprintf("pkg%03d/sub%d/new%d.go", i*12, i*12%7, i)] = "new\n"
	}
	g.Write(dirty)
	r := gitOpen(g)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		cs, err := r.Uncommitted(ctx)
		if err != nil || len(cs) != 32 {
			b.Fatalf("%d changes, %v", len(cs), err)
		}
	}
	if cpu != 0 {
		b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	}
}
