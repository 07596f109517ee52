package validate

// ruleLimit reports input over one of the run's Limits. The limits keep a
// crafted file from costing unbounded time or memory; every one has a
// default and can be raised with a flag of dossier validate or in the
// limits: section of dossier.yaml.
var ruleLimit = register(&Rule{
	ID: "limit", Severity: Error,
	Summary: "a file or the dataset is over a size limit",
	Explain: "dossier bounds what one run reads so that a crafted file cannot exhaust time or memory: " +
		"max-file-size (bytes per record file, default 1 MiB), max-depth (nesting of mappings and lists, default 64), " +
		"max-string-size (bytes per text value or key, default 256 KiB), max-values (values per record, default 10,000), " +
		"max-records (record files per dataset, default 5,000,000), " +
		"and at most 100 findings per file. A record over a limit is not checked further. " +
		"Split the text or the record, or raise the limit with --max-file-size and the like, or in dossier.yaml under limits:.",
	Bad:  "title: <300,000 characters>",
	Good: "title: Police raid on the camp",
})

// maxFindingsPerFile bounds the findings one file can produce; the rest are
// counted in one closing limit finding. A 1 MiB file of aliases would
// otherwise give 300,000 findings.
const maxFindingsPerFile = 100
