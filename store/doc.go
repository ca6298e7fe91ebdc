// Package store keeps plantrack's data in SQLite (mattn/go-sqlite3). It is
// the only package that speaks SQL. Every public method takes a context and
// runs in one transaction; migrations are numbered, embedded and append-only.
package store
