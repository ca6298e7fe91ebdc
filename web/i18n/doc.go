// Package i18n is the one catalog of plantrack's UI text, in Simplified
// Chinese (the default) and English.
package i18n
