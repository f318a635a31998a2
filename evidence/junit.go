package evidence

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// JUnitSummary counts one JUnit XML report.
type JUnitSummary struct {
	File     string `json:"file"`
	Tests    int    `json:"tests"`    // test cases
	Failures int    `json:"failures"` // test cases with <failure>, or the suites' failures attribute when larger
	Errors   int    `json:"errors"`   // test cases with <error>, or the suites' errors attribute when larger
	Skipped  int    `json:"skipped"`  // test cases with <skipped>
}

// Status is what the report says of its gate: fail when a test failed or
// errored, skip when it holds no test case at all (nothing ran), pass
// otherwise.
func (s JUnitSummary) Status() Status {
	switch {
	case s.Failures > 0 || s.Errors > 0:
		return Fail
	case s.Tests == 0:
		return Skip
	}
	return Pass
}

// ParseJUnit reads a JUnit XML report: a <testsuites> or a <testsuite>
// root, suites nested at any depth, <testcase> elements with <failure>,
// <error> or <skipped> children. name is only for the positions in
// errors. Malformed XML, another root element or a non-numeric count
// attribute is a positioned error; the report is never read as a pass
// when it cannot be read whole.
func ParseJUnit(name string, data []byte) (JUnitSummary, error) {
	s := JUnitSummary{File: name}
	dec := xml.NewDecoder(bytes.NewReader(data))
	// suite attributes, compared with the counted test cases at the end
	attrFailures, attrErrors := 0, 0
	depth, root := 0, ""
	var inCase []bool // per open element: is it a testcase
	caseFailed, caseErrored, caseSkipped := false, false, false
	for {
		line, col := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line, col = se.Line, 0
			}
			return s, &Error{File: name, Line: line, Col: col, Err: fmt.Errorf("malformed JUnit XML: %w", unwrapXML(err))}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			el := t.Name.Local
			if depth == 0 {
				if el != "testsuites" && el != "testsuite" {
					return s, &Error{File: name, Line: line, Col: col, Err: fmt.Errorf("not a JUnit report: the root element is <%s>, not <testsuites> or <testsuite>", el)}
				}
				root = el
			}
			depth++
			inCase = append(inCase, el == "testcase")
			switch el {
			case "testsuite", "testsuites":
				for _, a := range t.Attr {
					if a.Name.Local != "failures" && a.Name.Local != "errors" {
						continue
					}
					n, err := strconv.Atoi(a.Value)
					if err != nil || n < 0 {
						return s, &Error{File: name, Line: line, Col: col, Err: fmt.Errorf("<%s %s=%q>: not a count", el, a.Name.Local, a.Value)}
					}
					if el == "testsuite" { // testsuites repeats its suites' sums
						if a.Name.Local == "failures" {
							attrFailures += n
						} else {
							attrErrors += n
						}
					}
				}
			case "testcase":
				caseFailed, caseErrored, caseSkipped = false, false, false
			case "failure", "error", "skipped":
				if len(inCase) >= 2 && inCase[len(inCase)-2] {
					switch el {
					case "failure":
						caseFailed = true
					case "error":
						caseErrored = true
					default:
						caseSkipped = true
					}
				}
			}
		case xml.EndElement:
			depth--
			if inCase[len(inCase)-1] {
				s.Tests++
				switch {
				case caseErrored:
					s.Errors++
				case caseFailed:
					s.Failures++
				case caseSkipped:
					s.Skipped++
				}
			}
			inCase = inCase[:len(inCase)-1]
		}
	}
	if root == "" {
		return s, &Error{File: name, Line: 1, Col: 1, Err: errors.New("malformed JUnit XML: no root element")}
	}
	s.Failures = max(s.Failures, attrFailures)
	s.Errors = max(s.Errors, attrErrors)
	return s, nil
}

// unwrapXML drops the "XML syntax error on line N: " prefix the position
// already says.
func unwrapXML(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return errors.New(se.Msg)
	}
	return err
}
