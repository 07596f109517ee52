package releasepage

// For the tests of package releasepage_test, which build a release with
// the release compiler (an import the package's own tests cannot make).
var (
	StartBrowser = startBrowser
	CheckPage    = checkPage
)
