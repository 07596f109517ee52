package validate

// Run loads the records under root and runs every check: the strict YAML
// profile and the schemas while loading, then the cross-record rules over
// the whole dataset. Findings come back sorted.
func Run(root string, opts Options) (*Dataset, List, error) {
	ds, diags, err := Load(root, opts)
	if err != nil {
		return nil, nil, err
	}
	diags = append(diags, ds.CrossCheck(opts)...)
	ds.applyIgnores(&diags, opts)
	diags.Sort()
	return ds, diags, nil
}
