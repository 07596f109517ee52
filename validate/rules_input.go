package validate

// Rules of the input layer: where record files live and the strict YAML
// profile every record is read under. They run while a file is loaded.
var (
	ruleFileRead = register(&Rule{
		ID: "file-read", Severity: Error,
		Summary: "a record file cannot be read",
		Explain: "The file exists but could not be read (permissions, a dangling link, a link out of records/, a folder named like a record, or over the size limit). Fix the file or remove it.",
		Bad:     "records/events/raid.yaml -> ../../outside.yaml",
		Good:    "records/events/raid.yaml (a regular file inside records/)",
	})
	ruleRecordPath = register(&Rule{
		ID: "record-path", Severity: Error,
		Summary: "a record file is not at records/<kind>/<id>.yaml",
		Explain: "Each record lives in the folder of its kind (events, quotes, figures, actors, places, sources) and ends in .yaml. A file anywhere else is not part of the dataset.",
		Bad:     "records/event/raid.yml",
		Good:    "records/events/raid.yaml",
	})
	ruleYAMLSyntax = register(&Rule{
		ID: "yaml-syntax", Severity: Error,
		Summary: "the file is not valid YAML",
		Explain: "The YAML parser stopped at the given position. Check indentation, unclosed quotes and stray characters.",
		Bad:     "title: \"Raid on the camp",
		Good:    "title: \"Raid on the camp\"",
	})
	ruleYAMLEncoding = register(&Rule{
		ID: "yaml-encoding", Severity: Error,
		Summary: "the file is not valid UTF-8",
		Explain: "Records are UTF-8 text. A UTF-16 file, bytes of another encoding or a NUL byte make the file unreadable for other tools; save the file as UTF-8.",
		Bad:     "title: Man\\xeb (Latin-1 byte)",
		Good:    "title: Manzë",
	})
	ruleYAMLBOM = register(&Rule{
		ID: "yaml-bom", Severity: Error,
		Summary: "the file starts with a byte-order mark",
		Explain: "A UTF-8 byte-order mark is invisible, useless in UTF-8 and breaks byte-exact tools. Save the file as UTF-8 without BOM.",
		Bad:     "\\ufeffid: raid",
		Good:    "id: raid",
	})
	ruleYAMLEmpty = register(&Rule{
		ID: "yaml-empty", Severity: Error,
		Summary: "the file holds no record",
		Explain: "The file is empty or holds only comments. Write the record or delete the file.",
		Bad:     "# nothing yet",
		Good:    "id: raid\nstatus: active\n...",
	})
	ruleYAMLDuplicateKey = register(&Rule{
		ID: "yaml-duplicate-key", Severity: Error,
		Summary: "a key appears twice in one mapping",
		Explain: "YAML parsers disagree on duplicate keys: some keep the first, some the last, some fail. Keep one.",
		Bad:     "title: Raid\ntitle: Police raid",
		Good:    "title: Police raid",
	})
	ruleYAMLMultiDocument = register(&Rule{
		ID: "yaml-multi-document", Severity: Error,
		Summary: "the file holds more than one YAML document",
		Explain: "One record per file: a second document after --- is never read. Move it to its own file.",
		Bad:     "id: a\n---\nid: b",
		Good:    "id: a",
	})
	ruleYAMLAlias = register(&Rule{
		ID: "yaml-alias", Severity: Error,
		Summary: "anchors and aliases are not allowed",
		Explain: "Records need no anchors (&a) or aliases (*a); refusing them keeps each value where it is written and shuts out alias bombs. Write the value out.",
		Bad:     "actors: &a [police]\nfollows: *a",
		Good:    "actors: [police]",
	})
	ruleYAMLTag = register(&Rule{
		ID: "yaml-tag", Severity: Error,
		Summary: "explicit YAML tags are not allowed",
		Explain: "Tags such as !!str, !include or !!python/object change how a value is read and are unsafe in other tools. Quote the value instead.",
		Bad:     "date: !!str 2023",
		Good:    "date: \"2023\"",
	})
	ruleYAMLKeyType = register(&Rule{
		ID: "yaml-key-type", Severity: Error,
		Summary: "a mapping key is not a string",
		Explain: "Keys are field names. A number, boolean, null, list or mapping as a key has no field to go to.",
		Bad:     "1965: founded",
		Good:    "date: 1965",
	})
	ruleYAMLBool = register(&Rule{
		ID: "yaml-bool", Severity: Warning,
		Summary: "a YAML 1.1 boolean word in a text field",
		Explain: "dossier reads YAML 1.2, where yes, no, on and off are plain text; YAML 1.1 tools (PyYAML, older parsers) read them as booleans. Quote the word so every tool reads the same text.",
		Bad:     "title: no",
		Good:    "title: \"no\"",
	})
	ruleYAMLNumber = register(&Rule{
		ID: "yaml-number", Severity: Error,
		Summary: "a number JSON cannot hold",
		Explain: "NaN and infinities (.nan, .inf) have no JSON form and break every release format. Write a finite number, or leave the field out.",
		Bad:     "value: .inf",
		Good:    "value: 150",
	})
)
