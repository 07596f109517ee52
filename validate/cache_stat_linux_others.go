//go:build linux && !amd64 && !arm64

package validate

// sysFstatat is 0 where the fstatat call matching syscall.Stat_t is not
// named here: statFile uses syscall.Lstat.
const sysFstatat = 0
