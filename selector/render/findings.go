package render

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gatesel/gatesel/selector"
)

// FindingsSchemaID names the JSON format of FindingsJSON.
const FindingsSchemaID = "gatesel.validate/v1"

//go:embed findings.schema.json
var findingsSchema []byte

// FindingsSchema returns the JSON Schema (draft 2020-12) of FindingsJSON.
func FindingsSchema() []byte { return findingsSchema }

// FindingsFormats lists the formats of validation findings.
var FindingsFormats = []string{"text", "json", "github"}

// findingsJSON is the JSON document of a validation.
type findingsJSON struct {
	Schema   string             `json:"schema"`
	OK       bool               `json:"ok"`
	Errors   int                `json:"errors"`
	Warnings int                `json:"warnings"`
	Findings []selector.Finding `json:"findings"`
	Coverage *coverageJSON      `json:"coverage"`
	Policy   map[string]int     `json:"policy"`
}

type coverageJSON struct {
	Total     int      `json:"total"`
	Claimed   int      `json:"claimed"`
	Percent   float64  `json:"percent"`
	Unclaimed []string `json:"unclaimed"`
}

// FindingsJSON writes a validation as one JSON document (schema
// gatesel.validate/v1): ok, the counts, every finding with its file,
// line, col, severity, code and message, the coverage when computed
// (null otherwise) and the policy's counts (null when it does not load).
func FindingsJSON(w io.Writer, v *selector.Validation) error {
	doc := findingsJSON{
		Schema: FindingsSchemaID, OK: !v.Failed(),
		Errors: v.Count(selector.SeverityError), Warnings: v.Count(selector.SeverityWarning),
		Findings: v.Findings,
	}
	if doc.Findings == nil {
		doc.Findings = []selector.Finding{}
	}
	if c := v.Coverage; c != nil {
		doc.Coverage = &coverageJSON{Total: c.Total, Claimed: c.Claimed, Percent: c.Share(), Unclaimed: c.Unclaimed}
		if doc.Coverage.Unclaimed == nil {
			doc.Coverage.Unclaimed = []string{}
		}
	}
	if g := v.Graph; g != nil {
		doc.Policy = map[string]int{"gates": len(g.Gates), "services": len(g.Services), "contracts": len(g.Contracts), "domains": len(g.Domains), "triggers": len(g.Triggers), "profiles": len(g.Profiles)}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encode findings: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// FindingsGitHub writes each finding as a GitHub Actions workflow command,
// `::error file=F,line=L,col=C,title=…::message` (`::warning` for a
// warning), so that the pull request shows it at its line. Values are
// escaped as the runner reads them: %, CR and LF in the message, and also
// ":" and "," in the properties; a message cannot start a command of its
// own.
func FindingsGitHub(w io.Writer, fs []selector.Finding) error {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("::")
		b.WriteString(string(f.Severity))
		var props []string
		if f.File != "" {
			props = append(props, "file="+ghProperty(f.File))
			if f.Line > 0 {
				props = append(props, "line="+strconv.Itoa(f.Line))
				if f.Col > 0 {
					props = append(props, "col="+strconv.Itoa(f.Col))
				}
			}
		}
		props = append(props, "title="+ghProperty("gatesel validate: "+string(f.Code)))
		b.WriteString(" " + strings.Join(props, ","))
		b.WriteString("::")
		b.WriteString(ghData(f.Message))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
