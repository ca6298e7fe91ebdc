package web

import (
	"errors"
	"net/http"
	"testing"

	"plantrack/indicators"
)

// Every error kind has its HTTP status; a request made too often is 429,
// not a server error.
func TestHTTPStatus(t *testing.T) {
	for err, want := range map[error]int{
		indicators.Invalid("x", "err.asof"):        http.StatusBadRequest,
		indicators.NotFound("err.notfound.body"):   http.StatusNotFound,
		indicators.Conflict("err.plan.taken", "x"): http.StatusConflict,
		indicators.Forbidden():                     http.StatusForbidden,
		indicators.TooMany("err.signin.wait", 30):  http.StatusTooManyRequests,
		indicators.Internal(errors.New("boom")):    http.StatusInternalServerError,
		errors.New("outside the domain"):           http.StatusInternalServerError,
	} {
		if got := httpStatus(err); got != want {
			t.Errorf("%v: %d, want %d", err, got, want)
		}
	}
}
