package releasepage

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTimelineSpans checks the drawing against what each date means: an
// approximate date reaches wider than its bar, an open end runs to the
// edge, a day is a dot, an uncertain date is marked, rows go by date.
func TestTimelineSpans(t *testing.T) {
	events := []Event{
		{Record: Record{ID: "approx"}, Title: "about 2000", Date: "2000~"},
		{Record: Record{ID: "open-end"}, Title: "since 2010", Date: "2010/.."},
		{Record: Record{ID: "open-start"}, Title: "until 1995", Date: "../1995"},
		{Record: Record{ID: "day"}, Title: "one day", Date: "2005-03-04?"},
		{Record: Record{ID: "interval"}, Title: "two years", Date: "2001/2002"},
		{Record: Record{ID: "gone", Status: "withdrawn"}, Title: "withdrawn", Date: "2003"},
		{Record: Record{ID: "bad"}, Title: "no date", Date: "someday"},
		{Record: Record{ID: "long"}, Title: string(make([]rune, 300)), Date: "2020"},
	}
	for _, g := range []layout{wideLayout, stackedLayout} {
		tl := layoutTimeline(events, g, TimelineLimit)
		var order []string
		rows := map[string]timelineRow{}
		for _, r := range tl.Rows {
			order = append(order, r.ID)
			rows[r.ID] = r
		}
		if got := strings.Join(order, " "); got != "open-start approx interval day open-end long" {
			t.Errorf("stacked=%v: rows %s", g.stacked, got)
		}
		f := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("coordinate %q", s)
			}
			return v
		}
		a := rows["approx"]
		if a.WideX == "" || f(a.WideX) >= f(a.BarX) || f(a.WideX)+f(a.WideW) <= f(a.BarX)+f(a.BarW) {
			t.Errorf("stacked=%v: approximate 2000~ wide %s+%s does not reach past its bar %s+%s", g.stacked, a.WideX, a.WideW, a.BarX, a.BarW)
		}
		if r := rows["open-end"]; !r.OpenEnd || f(r.BarX)+f(r.BarW) != float64(g.right) {
			t.Errorf("stacked=%v: open end stops at %v, not %d", g.stacked, f(r.BarX)+f(r.BarW), g.right)
		}
		if r := rows["open-start"]; !r.OpenStart || f(r.BarX) != float64(g.left) {
			t.Errorf("stacked=%v: open start begins at %s, not %d", g.stacked, r.BarX, g.left)
		}
		if r := rows["day"]; !r.Dot || !r.Uncertain || r.BarX != "" {
			t.Errorf("stacked=%v: an uncertain day is %+v", g.stacked, r)
		}
		if r := rows["interval"]; r.Dot || r.Uncertain || r.WideX != "" {
			t.Errorf("stacked=%v: a plain interval is %+v", g.stacked, r)
		}
		if n := utf8.RuneCountInString(rows["long"].Label); n >= 300 || n < 10 {
			t.Errorf("stacked=%v: a 300-character title is labelled with %d characters", g.stacked, n)
		}
		if tl.From != "1995" || tl.To != "2020" {
			t.Errorf("stacked=%v: caption years %s to %s", g.stacked, tl.From, tl.To)
		}
	}
	if layoutTimeline([]Event{{Date: "x"}}, wideLayout, TimelineLimit) != nil {
		t.Errorf("a timeline without a datable event")
	}
}
