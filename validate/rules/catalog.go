package rules

// Catalog lists every rule that looks across records. A new rule is a file
// of its own and one line here, with its fail and pass cases in
// validate/testdata/rules.
var Catalog = []Rule{
	idDuplicate,
	idFilename,
	refUnresolved,
	refCycle,
	withdrawnRef,
	orphan,
	dateOrder,
	sourceAfterFact,
	speakerRole,
	figureRange,
	figureConflict,
	figureWording,
	quoteDuplicate,
}
