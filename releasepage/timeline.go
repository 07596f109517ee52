package releasepage

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/validate/edtf"
)

// Geometry of the timeline, in SVG user units (CSS pixels at scale 1).
const (
	tlAxis     = 44  // height of the axis at the top: years, then months
	tlBottom   = 10  // space below the last row
	tlBar      = 10  // height of a span's bar
	tlDot      = 5   // radius of the mark of a span too short to draw as a bar
	tlCharW    = 6.6 // estimated advance of one character of a label (12px sans-serif)
	tlBoldW    = 7.8 // the same, bold
	tlLabelGap = 6   // between a mark and its label
)

// layout is the geometry of one drawing of the timeline.
type layout struct {
	width, left, right int // the drawing and its plot area
	row                int // height of one event's row
	stacked            bool
}

var (
	// wideLayout gives each row its date at the left and its label beside
	// its bar, on the side with more room: for a desktop or a tablet.
	wideLayout = layout{width: 960, left: 150, right: 940, row: 24}
	// stackedLayout puts each row's date and label above its bar, so that
	// the drawing fits a phone.
	stackedLayout = layout{width: 360, left: 12, right: 348, row: 40, stacked: true}
)

// The axis is not linear in time: events cluster (ten in one year, then
// none for twenty), and a linear axis would squeeze a busy year into a
// few pixels. Each year gets room by the events that begin or end in it
// (yearWeight), and a run of foldAfter or more years without any is
// folded into one narrow break, drawn as such. Within a year, time runs
// linearly, so a busy year shows its months.
const (
	foldAfter   = 3   // years without events from which a run is folded
	foldWeight  = 1.2 // the room of a fold, in years without events
	eventWeight = 3   // the room one event adds to its year
)

// piece is a stretch of the axis: one year, or a fold of empty years.
type piece struct {
	from, to edtf.Day // [from, to)
	x0, x1   float64
	fold     bool
	year     int // the year of a piece that is not a fold
}

// axis maps days to x through its pieces, in order.
type axis struct {
	pieces []piece
}

// x returns the position of day d, clamped to the axis.
func (a *axis) x(d edtf.Day) float64 {
	ps := a.pieces
	if d <= ps[0].from {
		return ps[0].x0
	}
	last := ps[len(ps)-1]
	if d >= last.to {
		return last.x1
	}
	i := sort.Search(len(ps), func(i int) bool { return ps[i].to > d })
	p := ps[i]
	return p.x0 + (p.x1-p.x0)*float64(d-p.from)/float64(p.to-p.from)
}

// timeline is the SVG drawing of the events: one row per event in order of
// date, a bar from the first to the last day its date may cover.
type timeline struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	AxisY         int // y of the axis line
	Ticks         []tick
	Folds         []fold
	Rows          []timelineRow
	From, To      string // first and last year of the dates, for the caption
	RowH          int
	Stacked       bool
	// Capped is set when the release has more events to draw than the
	// timeline draws (TimelineLimit): Shown of Total, digits grouped.
	Capped *capNote
}

// tick is a line on the axis with its label: a year (centred on its
// stretch) or, in a year wide enough, a month.
type tick struct {
	X, LabelX, LabelY string
	Label             string
	Month             bool
}

// fold marks years without events folded out of the axis.
type fold struct {
	X, W, Mid string
	Title     string // "no event from 1998 to 2011"
}

// timelineRow is one event. Coordinates are preformatted numbers.
type timelineRow struct {
	ID, Title, When string // When: the date in words, shown on the row
	Y, BarY, MidY   string
	TextY, DateY    string
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
	LabelEnd   bool   // label right-aligned, left of the bar
	DateLabel  string // the date in words, shortened to fit
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
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.span.Earliest != b.span.Earliest {
			return a.span.Earliest < b.span.Earliest
		}
		if a.span.Latest != b.span.Latest {
			return a.span.Latest < b.span.Latest
		}
		return a.ev.ID < b.ev.ID
	})
	y0, y1, from, to := yearDomain(rows)
	ax := buildAxis(rows, y0, y1, float64(g.left), float64(g.right))
	t := &timeline{
		Width: g.width, PlotLeft: g.left, PlotRight: g.right, AxisY: tlAxis - 6,
		Height: tlAxis + len(rows)*g.row + tlBottom, RowH: g.row, Stacked: g.stacked,
		From: from, To: to,
	}
	t.Ticks, t.Folds = axisMarks(ax)
	for i, r := range rows {
		t.Rows = append(t.Rows, layoutRow(r, i, g, ax))
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
	if openStart {
		y0--
	}
	if openEnd {
		y1++
	}
	return y0, y1, from, to
}

// buildAxis gives each year of [y0, y1) its room between left and right:
// one unit, and eventWeight more for each event that begins or ends in it;
// runs of foldAfter or more years without events fold into one piece.
func buildAxis(rows []placed, y0, y1 int, left, right float64) *axis {
	n := map[int]int{}
	for _, r := range rows {
		for _, d := range []edtf.Day{r.span.Earliest, r.span.Latest} {
			if y, _, _ := d.Date(); y >= y0 && y < y1 {
				n[y]++
			}
		}
	}
	var ps []piece
	var weights []float64
	for y := y0; y < y1; {
		run := y
		for run < y1 && n[run] == 0 {
			run++
		}
		if run-y >= foldAfter {
			ps = append(ps, piece{from: edtf.DayOf(y, 1, 1), to: edtf.DayOf(run, 1, 1), fold: true})
			weights = append(weights, foldWeight)
			y = run
			continue
		}
		ps = append(ps, piece{from: edtf.DayOf(y, 1, 1), to: edtf.DayOf(y+1, 1, 1), year: y})
		weights = append(weights, 1+eventWeight*float64(n[y]))
		y++
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := left
	for i := range ps {
		ps[i].x0 = x
		x += (right - left) * weights[i] / total
		ps[i].x1 = x
	}
	ps[len(ps)-1].x1 = right
	return &axis{pieces: ps}
}

var monthInitials = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// axisMarks are the ticks and folds of the axis: a line at the start of
// each year, its label centred on the year where it fits, month ticks in a
// year wide enough to name them, and a mark for each fold.
func axisMarks(a *axis) ([]tick, []fold) {
	var ticks []tick
	var folds []fold
	for _, p := range a.pieces {
		w := p.x1 - p.x0
		if p.fold {
			y0, _, _ := p.from.Date()
			y1, _, _ := (p.to - 1).Date()
			folds = append(folds, fold{X: num(p.x0), W: num(w), Mid: num((p.x0 + p.x1) / 2),
				Title: "no event from " + year(y0) + " to " + year(y1)})
			continue
		}
		t := tick{X: num(p.x0), LabelY: "13"}
		switch {
		case w >= 30:
			t.Label, t.LabelX = year(p.year), num((p.x0+p.x1)/2)
		case w >= 14:
			t.Label, t.LabelX = fmt.Sprintf("’%02d", ((p.year%100)+100)%100), num((p.x0+p.x1)/2)
		}
		ticks = append(ticks, t)
		if w/12 < 22 {
			continue
		}
		for m := 2; m <= 12; m++ {
			x := a.x(edtf.DayOf(p.year, m, 1))
			mid := (x + a.x(edtf.DayOf(p.year, m+1, 1))) / 2
			ticks = append(ticks, tick{X: num(x), LabelX: num(mid), LabelY: "28", Label: monthInitials[m-1], Month: true})
		}
		// January's line is the year's.
		ticks = append(ticks, tick{LabelX: num((p.x0 + a.x(edtf.DayOf(p.year, 2, 1))) / 2), LabelY: "28", Label: "Jan", Month: true})
	}
	return ticks, folds
}

// layoutRow draws row i, event r.
func layoutRow(r placed, i int, g layout, a *axis) timelineRow {
	top := tlAxis + i*g.row
	mid := float64(top) + float64(g.row)/2
	if g.stacked {
		mid = float64(top) + float64(g.row) - 10
	}
	row := timelineRow{
		ID: r.ev.ID, Title: r.ev.Title, When: readDate(r.ev.Date),
		Y: strconv.Itoa(top), BarY: num(mid - tlBar/2), MidY: num(mid), TextY: num(mid + 4), DateY: num(mid + 4),
		Uncertain: r.uncertain, OpenStart: r.span.OpenStart, OpenEnd: r.span.OpenEnd,
	}
	bx0, bx1 := a.x(r.span.Earliest), a.x(r.span.Latest+1)
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
		wx0, wx1 := a.x(r.wide.Earliest), a.x(r.wide.Latest+1)
		if r.wide.OpenStart {
			wx0 = float64(g.left)
		}
		if r.wide.OpenEnd {
			wx1 = float64(g.right)
		}
		row.WideX, row.WideW = num(wx0), num(wx1-wx0)
		markL, markR = min(markL, wx0), max(markR, wx1)
	}
	row.DateLabel = shortDate(row.When)
	if g.stacked {
		// Date (bold) and label go above the bar, from the left edge.
		row.DateY, row.TextY = strconv.Itoa(top+15), strconv.Itoa(top+15)
		row.DateLabel = fit(row.DateLabel, 22)
		x := float64(g.left) + tlBoldW*float64(utf8.RuneCountInString(row.DateLabel)) + 8
		row.LabelX = num(x)
		row.Label = fit(r.ev.Title, int((float64(g.width)-x)/tlCharW))
		return row
	}
	row.DateLabel = fit(row.DateLabel, int(float64(g.left-12)/tlCharW))
	// The label goes where there is more room, shortened to fit; beside
	// neither, it goes over the faded end of a bar that runs on.
	right := float64(g.width) - (markR + tlLabelGap) - 2
	left := markL - tlLabelGap - float64(g.left)
	need := tlCharW * float64(utf8.RuneCountInString(r.ev.Title))
	switch {
	case right >= need || (right >= left && !r.span.OpenEnd):
		row.LabelX = num(markR + tlLabelGap)
		row.Label = fit(r.ev.Title, int(right/tlCharW))
	case left >= need || !r.span.OpenEnd || left > markR-markL:
		row.LabelEnd = true
		row.LabelX = num(markL - tlLabelGap)
		row.Label = fit(r.ev.Title, int(left/tlCharW))
	default:
		row.LabelEnd = true
		row.LabelX = num(markR - tlLabelGap)
		row.Label = fit(r.ev.Title, int((markR-markL-2*tlLabelGap)/tlCharW))
	}
	return row
}

var shortMonths = strings.NewReplacer("January", "Jan", "February", "Feb", "March", "Mar", "April", "Apr", "June", "Jun",
	"July", "Jul", "August", "Aug", "September", "Sep", "October", "Oct", "November", "Nov", "December", "Dec", " (uncertain)", "?")

// shortDate shortens a date in words for a timeline row: months in three
// letters, "(uncertain)" as "?".
func shortDate(s string) string { return shortMonths.Replace(s) }

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
