// Package browsertest opens release pages in headless Chromium, through
// chromedp, as a reader would: on a desktop and a phone, with screenshots.
// It is a module of its own so that chromedp stays out of the product's
// dependencies; make test runs it. Without Chromium the tests are
// skipped, except under CI, where .ci/run installs it.
package browsertest
