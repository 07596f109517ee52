package validate

// Rules of the schema layer: each maps a JSON Schema keyword failure of one
// record to a finding at the YAML node at fault.
var (
	ruleSchemaRequired = register(&Rule{
		ID: "schema-required", Severity: Error,
		Summary: "a required field is missing",
		Explain: "The schema of the record's kind requires the field. The finding points at the mapping that lacks it.",
		Bad:     "id: raid\nstatus: active\ntitle: Raid",
		Good:    "id: raid\nstatus: active\ntitle: Raid\ndate: 2023-06-20?\nsources:\n  - source: obc-article\n    locator: para. 2",
	})
	ruleSchemaUnknownField = register(&Rule{
		ID: "schema-unknown-field", Severity: Error,
		Summary: "a field the schema does not declare",
		Explain: "Only declared fields reach the release; an unknown key is most often a typo. The finding points at the key and suggests the closest declared name.",
		Bad:     "speakr: bledar-cuci",
		Good:    "speaker: bledar-cuci",
	})
	ruleSchemaEnum = register(&Rule{
		ID: "schema-enum", Severity: Error,
		Summary: "a value is not one of the allowed values",
		Explain: "The field takes one of a fixed list of values; the finding lists them and suggests the closest.",
		Bad:     "mode: drect",
		Good:    "mode: direct",
	})
	ruleSchemaType = register(&Rule{
		ID: "schema-type", Severity: Error,
		Summary: "a value has the wrong type",
		Explain: "The field takes a different JSON type (string, number, boolean, list or mapping). In YAML, quote text that looks like a number or boolean.",
		Bad:     "value: fifteen",
		Good:    "value: 15\nwording: fifteen",
	})
	ruleSchemaFormat = register(&Rule{
		ID: "schema-format", Severity: Error,
		Summary: "a value is not in the required format",
		Explain: "Dates are EDTF (2023-06-20, 2023-06, 2023, 2022-22 for summer 2022, 2023-06-20? uncertain, 2016~ approximate, 2013/2016 an interval); URLs are absolute URIs.",
		Bad:     "date: 2023-13-40",
		Good:    "date: 2023-12-04",
	})
	ruleSchemaPattern = register(&Rule{
		ID: "schema-pattern", Severity: Error,
		Summary: "a value does not match the required pattern",
		Explain: "IDs and tags are lowercase kebab-case (letters, digits and single hyphens); languages are BCP 47 tags such as en or sq.",
		Bad:     "id: Bledar_Cuci",
		Good:    "id: bledar-cuci",
	})
	ruleSchemaRange = register(&Rule{
		ID: "schema-range", Severity: Error,
		Summary: "a number is out of its allowed range",
		Explain: "The field sets a minimum or maximum, such as a latitude within -90 and 90.",
		Bad:     "lat: 141.4",
		Good:    "lat: 41.4",
	})
	ruleSchemaLength = register(&Rule{
		ID: "schema-length", Severity: Error,
		Summary: "a text is empty or too long",
		Explain: "Text fields may not be empty, and some have a maximum length, such as event titles.",
		Bad:     "title: \"\"",
		Good:    "title: Police raid on Ashraf 3",
	})
	ruleSchemaArray = register(&Rule{
		ID: "schema-array", Severity: Error,
		Summary: "a list is empty, too long or repeats an item",
		Explain: "Some lists need at least one item (every event, quote and figure cites a source) and some may not repeat an item.",
		Bad:     "sources: []",
		Good:    "sources:\n  - source: obc-article\n    locator: para. 2",
	})
	ruleSchemaOther = register(&Rule{
		ID: "schema", Severity: Error,
		Summary: "a value breaks another schema constraint",
		Explain: "A schema keyword without a more specific rule failed; the message names it.",
		Bad:     "",
		Good:    "",
	})
)
