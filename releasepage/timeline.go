package releasepage

import (
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/edtf"
)

// Geometry of the timeline, in SVG user units (CSS pixels at scale 1).
const (
	tlAxis     = 30  // height of the year axis at the top
	tlBottom   = 10  // space below the last row
	tlBar      = 10  // height of a span's bar
	tlDot      = 5   // radius of the mark of a span too short to draw as a bar
	tlCharW    = 6.6 // estimated advance of one character of a label (12px sans-serif)
	tlLabelGap = 6   // between a mark and its label
)

// layout is the geometry of one drawing of the timeline.
type layout struct {
	width, left, right int // the drawing and its plot area
	row                int // height of one event's row
	stacked            bool
}

var (
	// wideLayout puts each label beside its bar, on the side with more
	// room: for screens of a desktop or a tablet.
	wideLayout = layout{width: 960, left: 28, right: 932, row: 24}
	// stackedLayout puts each label above its bar, so that the drawing
	// fits a phone.
	stackedLayout = layout{width: 360, left: 18, right: 342, row: 38, stacked: true}
)

// timeline is the SVG drawing of the events: one row per event in order of
// date, a bar from the first to the last day its date may cover.
type timeline struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	AxisY         int // y of the axis line
	Ticks         []tick
	Rows          []timelineRow
	From, To      string // first and last year of the axis, for the caption
	RowH          int
	Stacked       bool
	// Capped is set when the release has more events to draw than the
	// timeline draws (TimelineLimit): Shown of Total, digits grouped.
	Capped *capNote
}

// tick is a year on the axis.
type tick struct {
	X     string
	Label string
}

// timelineRow is one event. Coordinates are preformatted numbers.
type timelineRow struct {
	ID, Title, When string // When: the date in words
	Y, BarY, MidY   string
	TextY           string
	// Wide is the widest reading of an approximate date (edtf Widest),
	// drawn light behind the bar; empty when it adds nothing.
	WideX, WideW string
	// The bar: the days the date covers (edtf Span).
	BarX, BarW string
	Dot        bool   // too short for a bar: a circle at CX
	CX         string // centre of the dot
	Uncertain  bool   // drawn hatched
	OpenStart  bool   // fades in from the left edge
	OpenEnd    bool   // fades out to the right edge
	Label      string // the title, shortened to fit
	LabelX     string
	LabelEnd   bool // label right-aligned, left of the bar
}

type placed struct {
	ev         *Event
	span, wide edtf.Span
	uncertain  bool
}

// place reads the date of an event for the timeline; ok is false when the
// timeline leaves the event out: withdrawn, a date that does not parse, or
// a span open at both ends.
func place(ev *Event) (p placed, ok bool) {
	if ev.Status == "withdrawn" {
		return p, false
	}
	d, err := edtf.Parse(ev.Date)
	if err != nil {
		return p, false
	}
	sp := d.Span()
	if sp.OpenStart && sp.OpenEnd {
		return p, false
	}
	return placed{ev: ev, span: sp, wide: d.Widest(), uncertain: d.Uncertain()}, true
}

// layoutTimeline lays out the first limit active events, in the order
// given, whose date parses. It returns nil when there is none.
func layoutTimeline(events []Event, g layout, limit int) *timeline {
	var rows []placed
	for i := range events {
		if len(rows) == limit {
			break
		}
		if p, ok := place(&events[i]); ok {
			rows = append(rows, p)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	y0, y1, from, to := yearDomain(rows)
	start, end := edtf.DayOf(y0, 1, 1), edtf.DayOf(y1, 1, 1)
	plotW := float64(g.right - g.left)
	x := func(d edtf.Day) float64 {
		if d < start {
			d = start
		}
		if d > end {
			d = end
		}
		return float64(g.left) + plotW*float64(d-start)/float64(end-start)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		ae, be := a.span.Earliest, b.span.Earliest
		if ae != be {
			return ae < be
		}
		if a.span.Latest != b.span.Latest {
			return a.span.Latest < b.span.Latest
		}
		return a.ev.ID < b.ev.ID
	})
	t := &timeline{
		Width: g.width, PlotLeft: g.left, PlotRight: g.right, AxisY: tlAxis - 8,
		Height: tlAxis + len(rows)*g.row + tlBottom, RowH: g.row, Stacked: g.stacked,
		From: from, To: to,
	}
	// Ticks at least 56 units apart, on round years.
	years := y1 - y0
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if plotW*float64(s)/float64(years) >= 48 {
			break
		}
	}
	for y := (y0 + step - 1) / step * step; y <= y1; y += step {
		if y < y0 {
			continue
		}
		t.Ticks = append(t.Ticks, tick{X: num(x(edtf.DayOf(y, 1, 1))), Label: year(y)})
	}
	for i, r := range rows {
		top := tlAxis + i*g.row
		mid := float64(top) + float64(g.row)/2
		if g.stacked {
			mid = float64(top) + float64(g.row) - 12
		}
		row := timelineRow{
			ID: r.ev.ID, Title: r.ev.Title, When: readDate(r.ev.Date),
			Y: strconv.Itoa(top), BarY: num(mid - tlBar/2), MidY: num(mid), TextY: num(mid + 4),
			Uncertain: r.uncertain, OpenStart: r.span.OpenStart, OpenEnd: r.span.OpenEnd,
		}
		bx0, bx1 := x(r.span.Earliest), x(r.span.Latest+1)
		if r.span.OpenStart {
			bx0 = float64(g.left)
		}
		if r.span.OpenEnd {
			bx1 = float64(g.right)
		}
		if bx1-bx0 < 2*tlDot && !r.span.OpenStart && !r.span.OpenEnd {
			row.Dot = true
			c := (bx0 + bx1) / 2
			row.CX = num(c)
			bx0, bx1 = c-tlDot, c+tlDot
		} else {
			row.BarX, row.BarW = num(bx0), num(bx1-bx0)
		}
		markL, markR := bx0, bx1
		if r.wide != r.span {
			wx0, wx1 := x(r.wide.Earliest), x(r.wide.Latest+1)
			if r.wide.OpenStart {
				wx0 = float64(g.left)
			}
			if r.wide.OpenEnd {
				wx1 = float64(g.right)
			}
			row.WideX, row.WideW = num(wx0), num(wx1-wx0)
			markL, markR = min(markL, wx0), max(markR, wx1)
		}
		if g.stacked {
			// The label goes above the bar, from the left edge.
			row.LabelX, row.TextY = strconv.Itoa(g.left-12), strconv.Itoa(top+14)
			row.Label = fit(r.ev.Title, int(float64(g.width-g.left)/tlCharW))
			t.Rows = append(t.Rows, row)
			continue
		}
		// The label goes where there is more room, shortened to fit.
		right := float64(g.width) - (markR + tlLabelGap) - 2
		left := markL - tlLabelGap - 2
		room := right
		if left > right {
			room = left
			row.LabelEnd = true
			row.LabelX = num(markL - tlLabelGap)
		} else {
			row.LabelX = num(markR + tlLabelGap)
		}
		row.Label = fit(r.ev.Title, int(room/tlCharW))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// yearDomain returns the whole years the axis spans, [y0, y1): around every
// closed bound of every widest span, widened where a span is open so that
// it shows as one; and the first and last year of the dates, for the
// caption.
func yearDomain(rows []placed) (y0, y1 int, from, to string) {
	lo, hi := edtf.MaxDay, edtf.MinDay
	see := func(d edtf.Day) {
		lo, hi = min(lo, d), max(hi, d)
	}
	var openStart, openEnd bool
	for _, r := range rows {
		if !r.wide.OpenStart {
			see(r.wide.Earliest)
		}
		if !r.wide.OpenEnd {
			see(r.wide.Latest)
		}
		openStart = openStart || r.span.OpenStart
		openEnd = openEnd || r.span.OpenEnd
	}
	y0, _, _ = lo.Date()
	y1, _, _ = hi.Date()
	y1++ // the axis ends on 1 January after the last day
	from, to = year(y0), year(y1-1)
	pad := max(1, (y1-y0)/12)
	if openStart {
		y0 -= pad
	}
	if openEnd {
		y1 += pad
	}
	return y0, y1, from, to
}

// fit shortens s to at most n characters, ending it with an ellipsis when
// cut.
func fit(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n < 2 {
		return "…"
	}
	// The first n-1 runes: cut in place when they are valid UTF-8, else
	// converted, so that an invalid byte becomes U+FFFD as before.
	cut, k := len(s), 0
	for i := range s {
		if k == n-1 {
			cut = i
			break
		}
		k++
	}
	if head := s[:cut]; utf8.ValidString(head) {
		return head + "…"
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10+0, 'f', -1, 64)
}
