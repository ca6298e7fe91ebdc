// Package web is plantrack's HTTP server: routes, thin handlers, middleware
// (security headers, compression, logging) and the embedded static files.
// It reads data through the small Store interface, which store.Store
// satisfies, and renders templ views from view models.
package web
