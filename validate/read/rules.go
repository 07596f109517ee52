package read

import "github.com/dossier-data/dossier/validate/diag"

// The rules of reading: where record files live, the strict YAML profile
// every record is read under, text controls and the input limits.
var (
	ruleFileRead = &diag.Rule{
		ID: "file-read", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a record file cannot be read",
		Explain: "The file exists but could not be read (permissions, a dangling link, a link out of records/, a folder named like a record, or over the size limit). " +
			"Records are read from real folders and files inside the dataset only: a record file, a kind folder or the records folder itself that is a symbolic link is not read. Fix the file or remove it.",
		Bad:  "records/events/raid.yaml -> ../../outside.yaml",
		Good: "records/events/raid.yaml (a regular file inside records/)",
	}
	ruleRecordPath = &diag.Rule{
		ID: "record-path", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a record file is not at records/<kind>/<id>.yaml",
		Explain: "Each record lives in the folder of its kind (events, quotes, figures, actors, places, sources) and ends in .yaml. A file anywhere else is not part of the dataset.",
		Bad:     "records/event/raid.yml",
		Good:    "records/events/raid.yaml",
	}
	ruleYAMLSyntax = &diag.Rule{
		ID: "yaml-syntax", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file is not valid YAML",
		Explain: "The YAML parser stopped at the given position. Check indentation, unclosed quotes and stray characters.",
		Bad:     "title: \"Raid on the camp",
		Good:    "title: \"Raid on the camp\"",
	}
	ruleYAMLEncoding = &diag.Rule{
		ID: "yaml-encoding", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file is not valid UTF-8",
		Explain: "Records are UTF-8 text. A UTF-16 file, bytes of another encoding or a NUL byte make the file unreadable for other tools; save the file as UTF-8.",
		Bad:     "title: Man\\xeb (Latin-1 byte)",
		Good:    "title: Manzë",
	}
	ruleYAMLBOM = &diag.Rule{
		ID: "yaml-bom", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file starts with a byte-order mark",
		Explain: "A UTF-8 byte-order mark is invisible, useless in UTF-8 and breaks byte-exact tools. Save the file as UTF-8 without BOM.",
		Bad:     "\\ufeffid: raid",
		Good:    "id: raid",
	}
	ruleYAMLEmpty = &diag.Rule{
		ID: "yaml-empty", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file holds no record",
		Explain: "The file is empty, holds only comments, or holds only null (~ or null): a record is a mapping of fields. Write the record or delete the file.",
		Bad:     "# nothing yet",
		Good:    "id: raid\nstatus: active\n...",
	}
	ruleYAMLDuplicateKey = &diag.Rule{
		ID: "yaml-duplicate-key", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a key appears twice in one mapping",
		Explain: "YAML parsers disagree on duplicate keys: some keep the first, some the last, some fail. Keep one.",
		Bad:     "title: Raid\ntitle: Police raid",
		Good:    "title: Police raid",
	}
	ruleYAMLMultiDocument = &diag.Rule{
		ID: "yaml-multi-document", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file holds more than one YAML document",
		Explain: "One record per file: a second document after --- is never read. Move it to its own file.",
		Bad:     "id: a\n---\nid: b",
		Good:    "id: a",
	}
	ruleYAMLAlias = &diag.Rule{
		ID: "yaml-alias", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "anchors and aliases are not allowed",
		Explain: "Records need no anchors (&a) or aliases (*a); refusing them keeps each value where it is written and shuts out alias bombs. Write the value out.",
		Bad:     "actors: &a [police]\nfollows: *a",
		Good:    "actors: [police]",
	}
	ruleYAMLTag = &diag.Rule{
		ID: "yaml-tag", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "explicit YAML tags are not allowed",
		Explain: "Tags such as !!str, !include or !!python/object change how a value is read and are unsafe in other tools. Quote the value instead.",
		Bad:     "date: !!str 2023",
		Good:    "date: \"2023\"",
	}
	ruleYAMLKeyType = &diag.Rule{
		ID: "yaml-key-type", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a mapping key is not a string",
		Explain: "Keys are field names. A number, boolean, null, list or mapping as a key has no field to go to.",
		Bad:     "1965: founded",
		Good:    "date: 1965",
	}
	ruleYAMLBool = &diag.Rule{
		ID: "yaml-bool", Severity: diag.Warning, Scope: diag.ScopeLoad,
		Summary: "a YAML 1.1 boolean word in a text field",
		Explain: "dossier reads YAML 1.2, where yes, no, on and off are plain text; YAML 1.1 tools (PyYAML, older parsers) read them as booleans. Quote the word so every tool reads the same text.",
		Bad:     "title: no",
		Good:    "title: \"no\"",
	}
	ruleYAMLNumber = &diag.Rule{
		ID: "yaml-number", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a number JSON cannot hold",
		Explain: "NaN and infinities (.nan, .inf) have no JSON form and break every release format. Write a finite number, or leave the field out.",
		Bad:     "value: .inf",
		Good:    "value: 150",
	}
	ruleYAMLVersion = &diag.Rule{
		ID: "yaml-version", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "the file holds a %YAML directive",
		Explain: "dossier reads every record as YAML 1.2, where yes, no, on and off are text, and so are 1_000 and -0x1F (no numbers). " +
			"A %YAML 1.1 directive asks other tools to read the file as YAML 1.1, which reads those values otherwise, and dossier fmt, " +
			"which writes no directive, would drop it; the YAML parser dossier uses refuses a %YAML 1.2 directive. " +
			"Record files hold no directive: delete it.",
		Bad:  "%YAML 1.1\n---\nid: raid",
		Good: "id: raid",
	}
	ruleTextControl = &diag.Rule{
		ID: "text-control", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a control or bidirectional-override character in the text",
		Explain: "C0 and C1 control characters (other than tab and line feed) and the Unicode bidirectional embeddings, overrides and isolates " +
			"(U+202A to U+202E, U+2066 to U+2069) are invisible: they can make a line display differently from what it holds (Trojan Source). " +
			"The finding points at the character, or at the escape that writes it. Delete it; right-to-left text needs no override, " +
			"and a direction mark (U+200E, U+200F) is allowed where one is truly needed. " +
			"Lines end with a line feed or a carriage return and line feed; positions count lines as YAML 1.2 does, where a carriage return alone " +
			"also ends a line and NEL (U+0085) and the line and paragraph separators (U+2028, U+2029) do not. " +
			"A carriage return alone, and a line or paragraph separator written as is, are refused too: the YAML parser dossier uses reads the separators " +
			"as line breaks, as YAML 1.1 did, and so would read such a file otherwise than YAML 1.2 does. In a double-quoted text, \\L and \\P write them.",
		Bad:  "title: \"Raid \\u202Eon the camp\"",
		Good: "title: \"Raid on the camp\"",
	}
	ruleLimit = &diag.Rule{
		ID: "limit", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a file or the dataset is over a size limit",
		Explain: "dossier bounds what one run reads so that a crafted file cannot exhaust time or memory: " +
			"max-file-size (bytes per record file, default 1 MiB), max-depth (nesting of mappings and lists, default 64), " +
			"max-string-size (bytes per text value or key, default 256 KiB), max-values (values per record, default 10,000), " +
			"max-records (record files per dataset, default 5,000,000), " +
			"and at most 100 findings per file. A record over a limit is not checked further. " +
			"Split the text or the record, or raise the limit with --max-file-size and the like, or in dossier.yaml under limits:.",
		Bad:  "title: <300,000 characters>",
		Good: "title: Police raid on the camp",
	}
)

// Rules returns the rules of reading.
func Rules() []*diag.Rule {
	return []*diag.Rule{ruleFileRead, ruleRecordPath, ruleYAMLSyntax, ruleYAMLEncoding, ruleYAMLBOM, ruleYAMLEmpty,
		ruleYAMLDuplicateKey, ruleYAMLMultiDocument, ruleYAMLAlias, ruleYAMLTag, ruleYAMLKeyType, ruleYAMLBool,
		ruleYAMLNumber, ruleYAMLVersion, ruleTextControl, ruleLimit}
}

// maxFindingsPerFile bounds the findings one file can produce; the rest are
// counted in one closing limit finding. A 1 MiB file of aliases would
// otherwise give 300,000 findings.
const maxFindingsPerFile = 100
