package ownership

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/poserr"
)

func TestParseRejectsBinaryAndLarge(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		wantErr error
		msg     string
	}{
		{"NUL bytes", []byte("* @a\n\x00\x01\x02"), ErrBinary, "parse CODEOWNERS: codeowners file is binary, not text"},
		{"binary blob", []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe}, ErrBinary, "parse CODEOWNERS: codeowners file is binary, not text"},
		{"invalid UTF-8", []byte("* @a\nfoo\xff\xfe @b\n"), ErrBinary, "parse CODEOWNERS: codeowners file is binary, not text"},
		{"4 MB", bytes.Repeat([]byte("a @b\n"), 4<<20/5+1), ErrTooLarge, "parse CODEOWNERS: codeowners file too large: 4194305 bytes, the limit is 3145728"},
		{"exactly 3 MB", bytes.Repeat([]byte("a"), MaxSize), ErrTooLarge, "parse CODEOWNERS: codeowners file too large: 3145728 bytes, the limit is 3145728"},
		{"CR-only line ends", []byte("* @all\r/docs/ @d\r"), ErrLoneCR, crMsg("CODEOWNERS:1:7")},
		{"a stray CR in an LF file", []byte("* @all\n# owners of docs\r/docs/ @d\n"), ErrLoneCR, crMsg("CODEOWNERS:2:17")},
		{"CR CR LF", []byte("* @all\r\r\n"), ErrLoneCR, crMsg("CODEOWNERS:1:7")},
		{"column counts characters", []byte("/dé/ @é\rx @y\n"), ErrLoneCR, crMsg("CODEOWNERS:1:8")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range []Dialect{Auto, GitHub, GitLab} {
				rs, err := Parse("CODEOWNERS", tt.data, d)
				assert.Nil(t, rs)
				require.Error(t, err)
				assert.True(t, errors.Is(err, tt.wantErr))
				assert.Equal(t, tt.msg, err.Error())
			}
		})
	}
}

// crMsg is the error for a lone carriage return at pos.
func crMsg(pos string) string {
	return pos + ": carriage return without a line feed: git ends a line at a line feed only, so the lines after it would not be read as lines; save the file with LF or CRLF line ends"
}

// TestParseCRLineEnds: CRLF line ends are line ends; a CR at the very end
// of the file is trailing blank; a lone CR anywhere else is refused above.
func TestParseCRLineEnds(t *testing.T) {
	for name, src := range map[string]string{
		"CRLF":                "* @all\r\n/docs/ @d\r\n",
		"CRLF, no final LF":   "* @all\r\n/docs/ @d\r",
		"LF, then a final CR": "* @all\n/docs/ @d\r",
	} {
		t.Run(name, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(src), GitHub)
			require.NoError(t, err)
			assert.Empty(t, rs.Skipped)
			assert.Equal(t, []string{"@d"}, rs.Match("docs/x").Owners)
			assert.Equal(t, []string{"@all"}, rs.Match("x").Owners)
		})
	}
	_, err := Parse("CODEOWNERS", []byte("* @all\r/docs/ @d\r"), GitHub)
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, Error{File: "CODEOWNERS", Line: 1, Col: 7, Err: pe.Err}, *pe)
}

func TestParseLongLine(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	src := "* @all\n" + long + " @long\n" + "x " + strings.Repeat("@o ", 1<<18) + "\n"
	for _, d := range []Dialect{GitHub, GitLab} {
		rs, err := Parse("CODEOWNERS", []byte(src), d)
		require.NoError(t, err)
		require.Empty(t, rs.Skipped)
		require.Len(t, rs.Rules, 3)
		assert.Equal(t, []string{"@long"}, rs.Match(long).Owners)
		assert.Equal(t, []string{"@all"}, rs.Match(long+"b").Owners)
		assert.Equal(t, []string{"@o"}, rs.Match("x").Owners)
	}
}

func TestParseEmpty(t *testing.T) {
	rs, err := Parse("CODEOWNERS", nil, Auto)
	require.NoError(t, err)
	require.Empty(t, rs.Skipped)
	assert.Equal(t, GitHub, rs.Dialect)
	assert.False(t, rs.Match("a").Matched())
}

// hostileCodeownersTests: lines meant to confuse the parser are reported
// with their line number and skipped, never failing the whole file.
var hostileCodeownersTests = []struct {
	name    string
	dialect Dialect
	src     string
	warn    string
	path    string
	owners  []string
}{
	{"unclosed section", GitLab, "* @all\n[Broken\n", `CODEOWNERS:2: malformed section heading "[Broken": no closing "]"`, "a", []string{"@all"}},
	{"megabyte section name", GitLab, "* @all\n[" + strings.Repeat("s", 1<<20) + "\n", `CODEOWNERS:2: malformed section heading "[` + strings.Repeat("s", 1<<20) + `": no closing "]"`, "a", []string{"@all"}},
	{"negation on GitHub", GitHub, "* @all\n!x @n\n", `CODEOWNERS:2: unsupported pattern "!x": negation with "!" does not work in GitHub CODEOWNERS`, "x", []string{"@all"}},
	{"owner that is not an owner", GitHub, "* @all\nx y\n", `CODEOWNERS:2: invalid owner "y": want @user, @org/team or an email address`, "x", []string{"@all"}},
	{"byte order mark", GitHub, "\ufeff* @all\n", "", "a", []string{"@all"}},
	{"byte order mark before a section", Auto, "\ufeff[Docs] @d\ndocs/\n", "", "docs/a", []string{"@d"}},
	{"whitespace only lines", GitHub, " \t \n\t\n* @all\n \n", "", "a", []string{"@all"}},
}

func TestParseHostileLines(t *testing.T) {
	for _, tt := range hostileCodeownersTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := Parse("CODEOWNERS", []byte(tt.src), tt.dialect)
			require.NoError(t, err)
			assert.Equal(t, tt.warn, skipped(rs))
			assert.Equal(t, tt.owners, rs.Match(tt.path).Owners)
		})
	}
}

// skipped prints the skipped lines of rs one a line, as the CLI does.
func skipped(rs *Ruleset) string {
	errs := make([]error, len(rs.Skipped))
	for i, e := range rs.Skipped {
		errs[i] = e
	}
	return poserr.Lines(errs)
}
