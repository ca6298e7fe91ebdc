// Package docs holds the project's documents that plantrack itself shows:
// the method (method.md), which pages, reports and code cite.
package docs

import _ "embed" // for the document below

// Method is docs/method.md: how plantrack judges progress.
//
//go:embed method.md
var Method []byte
