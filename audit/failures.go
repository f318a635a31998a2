package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gatesel/gatesel/internal/poserr"
)

// Failure is one instance that failed in a full run of a commit.
type Failure struct {
	Commit string `json:"commit"` // a commit or any revision Replay can resolve
	ID     string `json:"id"`     // the gate instance id, GATE:SCOPE or GATE
	Line   int    `json:"-"`      // where it was read, for errors (0 for JSON)
}

// ParseFailures reads the failures of full runs: TSV (one commit a line,
// then its failed instance ids, tab- or space-separated; # comments and
// blank lines skipped) or JSON, either an object of commit → ids
// ({"abc123": ["unit:ledger"]}) or an array of {"commit", "id"} objects.
// JSON is recognised by its first character ({ or [). name is only for
// the positions in errors; every bad line is reported.
func ParseFailures(name string, data []byte) ([]Failure, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return parseFailuresJSON(name, data)
	}
	var errs poserr.List
	var out []Failure
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.Index(text, "#"); i >= 0 {
			text = text[:i]
		}
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if len(fields) == 1 {
			errs.Addf(name, line, 0, "commit %s has no failed instance id (want COMMIT<TAB>ID...)", fields[0])
			continue
		}
		for _, id := range fields[1:] {
			out = append(out, Failure{Commit: fields[0], ID: id, Line: line})
		}
	}
	if err := sc.Err(); err != nil {
		errs.Addf(name, line+1, 0, "read failures: %v", err)
	}
	return dedupe(out), errs.Err()
}

func parseFailuresJSON(name string, data []byte) ([]Failure, error) {
	var out []Failure
	var asMap map[string][]string
	var asList []struct {
		Commit string `json:"commit"`
		ID     string `json:"id"`
	}
	dec := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(data))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	if bytes.TrimSpace(data)[0] == '{' {
		if err := dec(&asMap); err != nil {
			return nil, jsonError(name, data, err)
		}
		for _, commit := range slices.Sorted(maps.Keys(asMap)) { // sorted: the same input, the same error
			ids := asMap[commit]
			switch {
			case commit == "":
				return nil, &poserr.Error{File: name, Err: errors.New("a commit is empty")}
			case len(ids) == 0:
				return nil, &poserr.Error{File: name, Err: fmt.Errorf("commit %s has no failed instance id", commit)}
			case slices.Contains(ids, ""):
				return nil, &poserr.Error{File: name, Err: fmt.Errorf("commit %s has an empty instance id", commit)}
			}
			for _, id := range ids {
				out = append(out, Failure{Commit: commit, ID: id})
			}
		}
	} else {
		if err := dec(&asList); err != nil {
			return nil, jsonError(name, data, err)
		}
		for i, f := range asList {
			if f.Commit == "" || f.ID == "" {
				return nil, &poserr.Error{File: name, Err: fmt.Errorf("entry %d: want {\"commit\": …, \"id\": …}", i)}
			}
			out = append(out, Failure{Commit: f.Commit, ID: f.ID})
		}
	}
	return dedupe(out), nil
}

func jsonError(name string, data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(0)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	before := data[:min(int(off), len(data))]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return &poserr.Error{File: name, Line: line, Col: col, Err: fmt.Errorf("read failures: %w", err)}
}

// dedupe sorts the failures and keeps each (commit, id) once.
func dedupe(fs []Failure) []Failure {
	slices.SortStableFunc(fs, func(a, b Failure) int {
		return strings.Compare(a.Commit+"\x00"+a.ID, b.Commit+"\x00"+b.ID)
	})
	return slices.CompactFunc(fs, func(a, b Failure) bool { return a.Commit == b.Commit && a.ID == b.ID })
}
