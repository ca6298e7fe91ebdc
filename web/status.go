package web

import (
	"bytes"
	"fmt"

	"plantrack/indicators"
)

// statusColour is the one palette of statuses: badges, counts, table rows and
// chart points all take their colour from here (status.css is generated from it).
var statusColour = map[indicators.Status]string{
	indicators.StatusAchievedEarly: "#047857",
	indicators.StatusAchieved:      "#059669",
	indicators.StatusAhead:         "#0d9488",
	indicators.StatusOnTrack:       "#2563eb",
	indicators.StatusCompliant:     "#0891b2",
	indicators.StatusBehind:        "#d97706",
	indicators.StatusRegressing:    "#dc2626",
	indicators.StatusNotAchieved:   "#b91c1c",
	indicators.StatusBreached:      "#9f1239",
	indicators.StatusNoBaseline:    "#7c3aed",
	indicators.StatusNoData:        "#6b7280",
	indicators.StatusMonitoring:    "#475569",
}

func statusCSS() []byte {
	var b bytes.Buffer
	b.WriteString("/* generated from web/status.go */\n")
	for _, s := range indicators.Statuses {
		c := statusColour[s]
		fmt.Fprintf(&b, ".st-%[1]s .dot{background:%[2]s}.badge.st-%[1]s{color:%[2]s}.counts li.st-%[1]s{border-left-color:%[2]s}\n", s, c)
	}
	return b.Bytes()
}
