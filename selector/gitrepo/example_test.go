package gitrepo_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/gatesel/gatesel/internal/gittest"
	"github.com/gatesel/gatesel/selector/gitrepo"
)

// gitIn runs git in dir with the tests' environment.
func gitIn(dir string, args ...string) {
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, gittest.Env(0)
	if out, err := cmd.CombinedOutput(); err != nil {
		panic(fmt.Sprintf("git %v: %v: %s", args, err, out))
	}
}

func ExampleRepo_Diff() {
	dir, _ := os.MkdirTemp("", "gitrepo-example")
	defer os.RemoveAll(dir)
	gitIn(dir, "init", "-q", "-b", "main")
	_ = os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644)
	gitIn(dir, "add", "-A")
	gitIn(dir, "commit", "-q", "-m", "base")
	_ = os.MkdirAll(filepath.Join(dir, "svc"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "svc", "b.go"), []byte("package svc\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a // changed\n"), 0o644)
	gitIn(dir, "add", "-A")
	gitIn(dir, "commit", "-q", "-m", "change")

	ctx := context.Background()
	r, err := gitrepo.Open(ctx, dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	d, err := r.Diff(ctx, "HEAD~1", "HEAD")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range d.Changes {
		fmt.Println(c.Status, c.Path)
	}
	_, err = r.Resolve(ctx, "no-such-branch")
	fmt.Println(err != nil)
	// Output:
	// M a.go
	// A svc/b.go
	// true
}
