package audit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var failuresTests = []struct {
	name    string
	in      string
	want    []Failure
	wantErr string
}{
	{name: "tsv", in: "# full runs\nabc\tunit:a\tsmoke:b\n\ndef unit:a # flaky?\n",
		want: []Failure{{Commit: "abc", ID: "smoke:b", Line: 2}, {Commit: "abc", ID: "unit:a", Line: 2}, {Commit: "def", ID: "unit:a", Line: 4}}},
	{name: "tsv duplicates once", in: "abc unit:a\nabc unit:a\n", want: []Failure{{Commit: "abc", ID: "unit:a", Line: 1}}},
	{name: "tsv commit alone", in: "abc unit:a\ndef\nghi\n", wantErr: "f:2: commit def has no failed instance id (want COMMIT<TAB>ID...)\nf:3: commit ghi has no failed instance id (want COMMIT<TAB>ID...)"},
	{name: "json object", in: `{"abc": ["unit:a", "smoke:b"]}`, want: []Failure{{Commit: "abc", ID: "smoke:b"}, {Commit: "abc", ID: "unit:a"}}},
	{name: "json list", in: ` [{"commit": "abc", "id": "unit:a"}]`, want: []Failure{{Commit: "abc", ID: "unit:a"}}},
	{name: "json list without id", in: `[{"commit": "abc"}]`, wantErr: `f: entry 0: want {"commit": …, "id": …}`},
	{name: "json object empty list", in: `{"abc": []}`, wantErr: "f: commit abc has no failed instance id"},
	{name: "json object empty commit", in: `{"": ["unit:a"]}`, wantErr: "f: a commit is empty"},
	{name: "json object empty id", in: `{"abc": ["unit:a", ""]}`, wantErr: "f: commit abc has an empty instance id"},
	{name: "json bad type", in: "{\n\"abc\": \"unit:a\"}", wantErr: "f:2:16: read failures: json: cannot unmarshal string into Go value of type []string"},
	{name: "json unknown key", in: `[{"commit": "abc", "id": "x", "why": 1}]`, wantErr: `f:1:1: read failures: json: unknown field "why"`},
	{name: "empty", in: "", want: nil},
}

func TestParseFailures(t *testing.T) {
	for _, tt := range failuresTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFailures("f", []byte(tt.in))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Equal(t, tt.wantErr, err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzParseFailures: no panic, and every failure read has a commit and an id.
func FuzzParseFailures(f *testing.F) {
	for _, tt := range failuresTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := ParseFailures("f", data)
		if err != nil {
			return
		}
		for _, x := range fs {
			if x.Commit == "" || x.ID == "" {
				t.Fatalf("empty field in %+v", x)
			}
		}
	})
}

func TestPercentile(t *testing.T) {
	assert.Equal(t, 1, percentile([]int{1}, 50))
	assert.Equal(t, 2, percentile([]int{1, 2, 3, 4}, 50))
	assert.Equal(t, 4, percentile([]int{1, 2, 3, 4}, 90))
	assert.Equal(t, 5, percentile([]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50))
}
