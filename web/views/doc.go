// Package views holds plantrack's templ components: pure functions of the
// view models in this file. Handlers fill the models; views only lay out
// text that is already in the page's language.
package views
