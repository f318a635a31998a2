package synth_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/internal/synth"
)

func ExampleGenerate() {
	tmp, err := os.MkdirTemp("", "synth-example-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)

	opt := synth.Small()
	opt.NoCheckout = true
	repo, err := synth.Generate(context.Background(), filepath.Join(tmp, "mono"), opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(repo.Files, "files,", repo.Services, "services")
	var names []string
	for name := range repo.Pairs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		base, head := repo.Pairs[name][0], repo.Pairs[name][1]
		out, err := exec.Command("git", "-C", repo.Dir, "diff", "--name-only", "--no-renames", base+"..."+head).Output()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s...%s: %d files\n", base, head, strings.Count(string(out), "\n"))
	}
	// Output:
	// 2000 files, 50 services
	// main...change-1: 1 files
	// main...change-100: 100 files
	// main...diverged: 43 files
}
