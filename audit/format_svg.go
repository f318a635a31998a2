package audit

import (
	"bufio"
	"fmt"
	"html"
	"strings"
)

// The chart's geometry, in SVG user units.
const (
	svgWidth   = 960
	svgHeight  = 420
	plotLeft   = 70
	plotRight  = 890
	plotTop    = 60
	plotBottom = 340
)

// Colours: the rate line, the plan-size bars, the everything marks.
const (
	colourRate = "#1f77b4"
	colourSize = "#ff7f0e"
	colourAll  = "#d62728"
)

// writeSVG draws the range as a chart: one bar a commit for its plan size
// (right axis, instances), the selection rate as a line over it (left
// axis, 0–100 %), a red mark above each commit that selected everything,
// with axes, grid lines, a title and a legend. Each commit's bar carries a
// <title> (its hash and numbers), shown as a tooltip by browsers.
func writeSVG(w *bufio.Writer, r *Report) {
	n := len(r.Commits)
	maxSize := 1
	for _, c := range r.Commits {
		maxSize = max(maxSize, c.Planned, c.All)
	}
	maxSize = niceCeil(maxSize)
	plotW := float64(plotRight - plotLeft)
	plotH := float64(plotBottom - plotTop)
	step := plotW / float64(max(n, 1))
	x := func(i int) float64 { return plotLeft + step*(float64(i)+0.5) }
	yRate := func(f float64) float64 { return plotBottom - plotH*f }
	ySize := func(v int) float64 { return plotBottom - plotH*float64(v)/float64(maxSize) }

	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">
`, svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(w, "<title>gatesel audit %s</title>\n", esc(r.Range))
	fmt.Fprintf(w, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, svgHeight)
	s := r.Summary
	fmt.Fprintf(w, `<text x="%d" y="24" font-size="16" font-weight="bold">gatesel audit %s: %d commits, selection rate %s, %d selected everything</text>`+"\n",
		plotLeft, esc(r.Range), s.Commits, pct(s.SelectionRate), len(s.Everything))
	// grid and axes
	for i := 0; i <= 4; i++ {
		f := float64(i) / 4
		y := yRate(f)
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`+"\n", plotLeft, y, plotRight, y)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" text-anchor="end" fill="%s">%d%%</text>`+"\n", plotLeft-6, y+4, colourRate, i*25)
		fmt.Fprintf(w, `<text x="%d" y="%.1f" fill="%s">%d</text>`+"\n", plotRight+6, y+4, colourSize, maxSize*i/4)
	}
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", plotLeft, plotBottom, plotRight, plotBottom)
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", plotLeft, plotTop, plotLeft, plotBottom)
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333333"/>`+"\n", plotRight, plotTop, plotRight, plotBottom)
	fmt.Fprintf(w, `<text x="18" y="%d" transform="rotate(-90 18 %d)" text-anchor="middle" fill="%s">selection rate (planned ÷ all instances)</text>`+"\n",
		(plotTop+plotBottom)/2, (plotTop+plotBottom)/2, colourRate)
	fmt.Fprintf(w, `<text x="%d" y="%d" transform="rotate(90 %d %d)" text-anchor="middle" fill="%s">plan size (instances)</text>`+"\n",
		svgWidth-22, (plotTop+plotBottom)/2, svgWidth-22, (plotTop+plotBottom)/2, colourSize)
	fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="middle">commits, oldest first</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+36)
	// x ticks: the first, the last and a few between, by short hash
	ticks := min(n, 6)
	for t := 0; t < ticks; t++ {
		i := 0
		if ticks > 1 {
			i = t * (n - 1) / (ticks - 1)
		}
		fmt.Fprintf(w, `<text x="%.1f" y="%d" text-anchor="middle" font-family="monospace" font-size="10">%s</text>`+"\n", x(i), plotBottom+16, esc(r.Commits[i].Commit[:min(7, len(r.Commits[i].Commit))]))
	}
	// plan-size bars
	barW := max(step*0.7, 0.5)
	fmt.Fprintln(w, `<g id="plan-size">`)
	for i, c := range r.Commits {
		y := ySize(c.Planned)
		fmt.Fprintf(w, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s" fill-opacity="0.75"><title>%s: %d of %d instances (%s)</title></rect>`+"\n",
			x(i)-barW/2, y, barW, plotBottom-y, colourSize, esc(short(c.Commit)), c.Planned, c.All, pct(c.Rate()))
	}
	fmt.Fprintln(w, `</g>`)
	// selection-rate line
	pts := make([]string, n)
	for i := range r.Commits {
		pts[i] = fmt.Sprintf("%.2f,%.2f", x(i), yRate(r.Commits[i].Rate()))
	}
	fmt.Fprintf(w, `<polyline id="selection-rate" points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), colourRate)
	if n == 1 {
		fmt.Fprintf(w, `<circle cx="%.2f" cy="%.2f" r="3" fill="%s"/>`+"\n", x(0), yRate(r.Commits[0].Rate()), colourRate)
	}
	// commits that selected everything
	fmt.Fprintln(w, `<g id="everything">`)
	for i, c := range r.Commits {
		if c.Everything {
			fmt.Fprintf(w, `<circle cx="%.2f" cy="%d" r="4" fill="%s"><title>%s selected everything: %s</title></circle>`+"\n",
				x(i), plotTop-8, colourAll, esc(short(c.Commit)), esc(strings.Join(c.Causes, "; ")))
		}
	}
	fmt.Fprintln(w, `</g>`)
	// legend
	ly := svgHeight - 28
	fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">selection rate</text>`+"\n", plotLeft, ly, plotLeft+24, ly, colourRate, plotLeft+30, ly+4)
	fmt.Fprintf(w, `<rect x="%d" y="%d" width="14" height="10" fill="%s"/><text x="%d" y="%d">plan size</text>`+"\n", plotLeft+160, ly-5, colourSize, plotLeft+180, ly+4)
	fmt.Fprintf(w, `<circle cx="%d" cy="%d" r="4" fill="%s"/><text x="%d" y="%d">selected everything</text>`+"\n", plotLeft+290, ly, colourAll, plotLeft+300, ly+4)
	fmt.Fprintln(w, `</svg>`)
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, times 4 ticks.
func niceCeil(v int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p*4 >= v {
				return m * p * 4
			}
		}
	}
}

func esc(s string) string { return html.EscapeString(s) }
