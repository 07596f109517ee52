package schema

import "github.com/dossier-data/dossier/validate/diag"

// The rules of schema checking: each maps a JSON Schema keyword failure of
// one record to a finding at the YAML node at fault.
var (
	ruleSchemaRequired = &diag.Rule{
		ID: "schema-required", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a required field is missing",
		Explain: "The schema of the record's kind requires the field. The finding points at the mapping that lacks it.",
		Bad:     "id: raid\nstatus: active\ntitle: Raid",
		Good:    "id: raid\nstatus: active\ntitle: Raid\ndate: 2023-06-20?\nsources:\n  - source: obc-article\n    locator: para. 2",
	}
	ruleSchemaUnknownField = &diag.Rule{
		ID: "schema-unknown-field", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a field the schema does not declare",
		Explain: "Only declared fields reach the release; an unknown key is most often a typo. The finding points at the key and suggests the closest declared name.",
		Bad:     "speakr: bledar-cuci",
		Good:    "speaker: bledar-cuci",
	}
	ruleSchemaEnum = &diag.Rule{
		ID: "schema-enum", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a value is not one of the allowed values",
		Explain: "The field takes one of a fixed list of values; the finding lists them and suggests the closest.",
		Bad:     "mode: drect",
		Good:    "mode: direct",
	}
	ruleSchemaType = &diag.Rule{
		ID: "schema-type", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a value has the wrong type",
		Explain: "The field takes a different JSON type (string, number, boolean, list or mapping). In YAML, quote text that looks like a number or boolean.",
		Bad:     "value: fifteen",
		Good:    "value: 15\nwording: fifteen",
	}
	ruleSchemaFormat = &diag.Rule{
		ID: "schema-format", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a value is not in the required format",
		Explain: "Dates are EDTF (2023-06-20, 2023-06, 2023, 2022-22 for summer 2022, 2023-06-20? uncertain, 2016~ approximate, 2013/2016 an interval); URLs are absolute URIs.",
		Bad:     "date: 2023-13-40",
		Good:    "date: 2023-12-04",
	}
	ruleSchemaPattern = &diag.Rule{
		ID: "schema-pattern", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a value does not match the required pattern",
		Explain: "IDs and tags are lowercase kebab-case (letters, digits and single hyphens); languages are BCP 47 tags such as en or sq.",
		Bad:     "id: Bledar_Cuci",
		Good:    "id: bledar-cuci",
	}
	ruleSchemaRange = &diag.Rule{
		ID: "schema-range", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a number is out of its allowed range",
		Explain: "The field sets a minimum or maximum, such as a latitude within -90 and 90.",
		Bad:     "lat: 141.4",
		Good:    "lat: 41.4",
	}
	ruleSchemaLength = &diag.Rule{
		ID: "schema-length", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a text is empty or too long",
		Explain: "Text fields may not be empty, and some have a maximum length, such as event titles.",
		Bad:     "title: \"\"",
		Good:    "title: Police raid on Ashraf 3",
	}
	ruleSchemaArray = &diag.Rule{
		ID: "schema-array", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a list is empty, too long or repeats an item",
		Explain: "Some lists need at least one item (every event, quote and figure cites a source) and some may not repeat an item.",
		Bad:     "sources: []",
		Good:    "sources:\n  - source: obc-article\n    locator: para. 2",
	}
	ruleSchemaKind = &diag.Rule{
		ID: "schema-kind", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a record is in the folder of another kind",
		Explain: "The record fails the schema of the folder it is in, but passes the schema of another kind in full: it was put in the wrong folder. " +
			"Move it to the folder of its kind; the other findings of its schema are left out, as they all follow from this one.",
		Bad:  "# records/events/cuci-police-not-responsible.yaml\nspeaker: bledar-cuci\ntext: was not caused by any action by the police",
		Good: "# records/quotes/cuci-police-not-responsible.yaml\nspeaker: bledar-cuci\ntext: was not caused by any action by the police",
	}
	ruleSchemaOther = &diag.Rule{
		ID: "schema", Severity: diag.Error, Scope: diag.ScopeLoad,
		Summary: "a value breaks another schema constraint",
		Explain: "A schema keyword without a more specific rule failed; the message names it.",
		Bad:     "",
		Good:    "",
	}
)

// Rules returns the rules of schema checking.
func Rules() []*diag.Rule {
	return []*diag.Rule{ruleSchemaRequired, ruleSchemaUnknownField, ruleSchemaEnum, ruleSchemaType, ruleSchemaFormat,
		ruleSchemaPattern, ruleSchemaRange, ruleSchemaLength, ruleSchemaArray, ruleSchemaOther, ruleSchemaKind}
}
