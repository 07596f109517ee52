package config

// Limits bound what one run reads, so that a crafted file cannot exhaust
// time or memory. Zero fields take the defaults; the accessors give the
// limit in force.
type Limits struct {
	MaxFileSize   int64 // bytes per record file; default 1 MiB
	MaxDepth      int   // nesting of mappings and lists; default 64
	MaxStringSize int   // bytes per text value; default 256 KiB
	MaxValues     int   // values (scalars, lists, mappings) per record; default 10,000
	MaxRecords    int   // record files per dataset; default 5,000,000
}

// LimitNames are the names of the limits, in dossier.yaml and as flags
// (--max-file-size …).
var LimitNames = []string{"max-file-size", "max-depth", "max-string-size", "max-values", "max-records"}

// Defaults of the limits.
const (
	DefaultMaxFileSize   = 1 << 20
	DefaultMaxDepth      = 64
	DefaultMaxStringSize = 256 << 10
	DefaultMaxValues     = 10_000
	DefaultMaxRecords    = 5_000_000
)

// FileSize is the limit in force on bytes per record file.
func (l Limits) FileSize() int64 { return or64(l.MaxFileSize, DefaultMaxFileSize) }

// Depth is the limit in force on nesting.
func (l Limits) Depth() int { return or(l.MaxDepth, DefaultMaxDepth) }

// StringSize is the limit in force on bytes per text value.
func (l Limits) StringSize() int { return or(l.MaxStringSize, DefaultMaxStringSize) }

// Values is the limit in force on values per record.
func (l Limits) Values() int { return or(l.MaxValues, DefaultMaxValues) }

// Records is the limit in force on record files per dataset.
func (l Limits) Records() int { return or(l.MaxRecords, DefaultMaxRecords) }

// Or returns l with each zero field taken from d: limits set on the
// command line (l) win over those of dossier.yaml (d), field by field.
func (l Limits) Or(d Limits) Limits {
	for _, name := range LimitNames {
		if l.get(name) == 0 {
			l.field(name)(d.get(name))
		}
	}
	return l
}

// Set sets the limit of the given name; false for an unknown name.
func (l *Limits) Set(name string, n int64) bool {
	set := l.field(name)
	if set == nil {
		return false
	}
	set(n)
	return true
}

// field returns the setter of the limit name, nil for an unknown name.
// Values beyond an int are clamped.
func (l *Limits) field(name string) func(int64) {
	clamp := func(n int64) int { return int(min(n, 1<<31-1)) }
	switch name {
	case "max-file-size":
		return func(n int64) { l.MaxFileSize = n }
	case "max-depth":
		return func(n int64) { l.MaxDepth = clamp(n) }
	case "max-string-size":
		return func(n int64) { l.MaxStringSize = clamp(n) }
	case "max-values":
		return func(n int64) { l.MaxValues = clamp(n) }
	case "max-records":
		return func(n int64) { l.MaxRecords = clamp(n) }
	}
	return nil
}

func (l Limits) get(name string) int64 {
	switch name {
	case "max-file-size":
		return l.MaxFileSize
	case "max-depth":
		return int64(l.MaxDepth)
	case "max-string-size":
		return int64(l.MaxStringSize)
	case "max-values":
		return int64(l.MaxValues)
	case "max-records":
		return int64(l.MaxRecords)
	}
	return 0
}

func or(n, d int) int {
	if n > 0 {
		return n
	}
	return d
}

func or64(n, d int64) int64 {
	if n > 0 {
		return n
	}
	return d
}
