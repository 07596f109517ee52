package validate

// Or returns l with each zero field taken from d: limits set on the
// command line (l) win over those of dossier.yaml (d), field by field.
func (l Limits) Or(d Limits) Limits {
	if l.MaxFileSize == 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxStringSize == 0 {
		l.MaxStringSize = d.MaxStringSize
	}
	if l.MaxRecords == 0 {
		l.MaxRecords = d.MaxRecords
	}
	if l.MaxValues == 0 {
		l.MaxValues = d.MaxValues
	}
	return l
}
