//go:build !linux

package release

func swap(tmp, target string) error { return swapByRename(tmp, target) }
