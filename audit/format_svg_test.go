package audit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gatesel/gatesel/internal/testtool"
)

// chartReport is a report of 40 commits with a rising plan size and two
// commits that selected everything.
func chartReport() *Report {
	r := &Report{Range: "v1..main", FirstParent: true}
	for i := range 40 {
		c := Commit{Commit: fmt.Sprintf("%02x%038x", i+1, 0), All: 50, Planned: 5 + i%20, Causes: []string{}}
		if i == 10 || i == 30 {
			c.Planned, c.Everything, c.Causes = 50, true, []string{"unowned: misc/<x>&y.txt"}
		}
		r.Commits = append(r.Commits, c)
	}
	r.summarize()
	return r
}

// svgDoc is the part of the chart the test reads back.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Width   int      `xml:"width,attr"`
	Height  int      `xml:"height,attr"`
	Title   string   `xml:"title"`
	Lines   []struct {
		ID     string `xml:"id,attr"`
		Points string `xml:"points,attr"`
	} `xml:"polyline"`
	Groups []struct {
		ID    string `xml:"id,attr"`
		Rects []struct {
			Title string `xml:"title"`
		} `xml:"rect"`
		Circles []struct {
			Title string `xml:"title"`
		} `xml:"circle"`
	} `xml:"g"`
	Texts []string `xml:"text"`
}

// TestSVGStructure reads the chart back as XML: one bar and one line point
// a commit, a mark a commit that selected everything, escaped text.
func TestSVGStructure(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, chartReport(), "svg"))
	var doc svgDoc
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc), buf.String())
	assert.Equal(t, 960, doc.Width)
	assert.Equal(t, 420, doc.Height)
	assert.Equal(t, "gatesel audit v1..main", doc.Title)
	require.Len(t, doc.Lines, 1)
	assert.Equal(t, "selection-rate", doc.Lines[0].ID)
	assert.Len(t, strings.Fields(doc.Lines[0].Points), 40)
	groups := map[string]int{}
	for _, g := range doc.Groups {
		groups[g.ID] = len(g.Rects) + len(g.Circles)
		if g.ID == "everything" {
			assert.Equal(t, "0b0000000000 selected everything: unowned: misc/<x>&y.txt", g.Circles[0].Title)
		}
	}
	assert.Equal(t, map[string]int{"plan-size": 40, "everything": 2}, groups)
	assert.Contains(t, doc.Texts, "selection rate (planned ÷ all instances)")
	assert.Contains(t, doc.Texts, "plan size (instances)")
}

// TestSVGRenders renders the chart with librsvg (rsvg-convert) and looks
// at the picture: the size asked for, the rate line's blue, the bars'
// orange and the red marks are all drawn. CI installs librsvg2-bin
// (.ci/run); elsewhere the test needs rsvg-convert on the PATH, and skips
// without it (testtool.Need).
func TestSVGRenders(t *testing.T) {
	rsvg := testtool.Need(t, "rsvg-convert", "librsvg renders the audit's SVG chart")
	var buf bytes.Buffer
	require.NoError(t, Render(&buf, chartReport(), "svg"))
	cmd := exec.Command(rsvg, "--format", "png")
	cmd.Stdin = &buf
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	img, err := png.Decode(bytes.NewReader(out))
	require.NoError(t, err)
	b := img.Bounds()
	assert.Equal(t, 960, b.Dx())
	assert.Equal(t, 420, b.Dy())
	var blue, orange, red, white int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			switch {
			case r > 245 && g > 245 && bl > 245:
				white++
			case near(r, g, bl, 0x1f, 0x77, 0xb4):
				blue++
			case r > 240 && g > 140 && g < 190 && bl < 100: // #ff7f0e at 0.75 over white
				orange++
			case near(r, g, bl, 0xd6, 0x27, 0x28):
				red++
			}
		}
	}
	t.Logf("pixels: %d white, %d blue, %d orange, %d red", white, blue, orange, red)
	assert.Greater(t, white, b.Dx()*b.Dy()/2, "a white background")
	assert.Greater(t, blue, 500, "the selection-rate line")
	assert.Greater(t, orange, 5000, "the plan-size bars")
	assert.Greater(t, red, 40, "the marks of the commits that selected everything")
}

func near(r, g, b, wr, wg, wb uint32) bool {
	d := func(a, b uint32) uint32 {
		if a > b {
			return a - b
		}
		return b - a
	}
	return d(r, wr) < 24 && d(g, wg) < 24 && d(b, wb) < 24
}
