package app

import (
	"context"

	"plantrack/indicators"
	"plantrack/store"
)

// Review records a reviewer's decision on a submitted value (store.Review).
func (a *App) Review(ctx context.Context, actor indicators.Actor, v store.ValueRef, decision indicators.ReviewState, comment string) error {
	return a.store.Review(ctx, actor, v, decision, comment, a.now())
}

// (store.ReviewMany).
func (a *App) ReviewMany(ctx context.Context, actor indicators.Actor, vs []store.ValueRef, decision indicators.ReviewState, comment string) error {
	return a.store.ReviewMany(ctx, actor, vs, decision, comment, a.now())
}

// see (store.Pending): at most limit.
func (a *App) Pending(ctx context.Context, u indicators.User, limit int) ([]store.PendingValue, error) {
	return a.store.Pending(ctx, u, limit)
}
