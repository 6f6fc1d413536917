package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/nhs-readiness/readiness/docs"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	mdtext "github.com/yuin/goldmark/text"
)

// Methodology renders docs/metrics.md for the HTML report's methodology section: its title is
// dropped (the section has its own heading), its headings move one level down under the section's,
// and links to files in the repository keep their text but lose the link, which a report read
// away from the repository could not follow. Raw HTML in the text is not passed through.
func Methodology() (template.HTML, error) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	doc := md.Parser().Parse(mdtext.NewReader(docs.Metrics), parser.WithContext(parser.NewContext()))
	var drop, unwrap []ast.Node
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				drop = append(drop, n)
			} else {
				n.Level++
			}
		case *ast.Link:
			if dest := string(n.Destination); !strings.HasPrefix(dest, "https://") && !strings.HasPrefix(dest, "#") {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return "", fmt.Errorf("reports: methodology: %w", err)
	}
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, docs.Metrics, doc); err != nil {
		return "", fmt.Errorf("reports: methodology: %w", err)
	}
	return template.HTML(buf.String()), nil // goldmark escapes text and omits raw HTML by default
}
