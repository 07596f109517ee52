package releasepage

// MarkdownText is the text of Markdown as the page shows it: the runs of
// each block, joined.
func MarkdownText(md string) string {
	var b []byte
	add := func(runs []inline) {
		for _, r := range runs {
			b = append(b, r.Text...)
		}
	}
	for _, bl := range readMarkdown([]byte(md), func(string) bool { return false }) {
		add(bl.Text)
		for _, it := range bl.Items {
			add(it)
		}
		if bl.Table != nil {
			for _, row := range bl.Table.Rows {
				for _, c := range row {
					add(c.Text)
				}
			}
		}
	}
	return string(b)
}
