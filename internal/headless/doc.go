// Package headless drives a headless Chromium over the Chrome DevTools
// Protocol, for tests that look at a page as a browser shows it: it starts
// the browser with a fresh profile and no network services, opens pages,
// evaluates expressions, sizes the viewport, takes screenshots, and records
// every console message, uncaught exception, dialog and request of a page.
// It speaks the protocol through its own minimal WebSocket client on the
// standard library, and imports nothing else. Tests only; no production
// package imports it.
package headless
