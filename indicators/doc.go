// Package indicators is plantrack's domain: plans, sections, indicators,
// targets, observations and the progress maths that judges an indicator
// against its target (docs/method.md).
//
// It imports only the standard library. Every function is a function of
// values: the current time or "as of" year is always passed in.
package indicators
