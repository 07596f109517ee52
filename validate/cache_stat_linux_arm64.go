package validate

import "syscall"

// sysFstatat is the number of the fstatat system call whose struct stat is
// syscall.Stat_t.
const sysFstatat = syscall.SYS_FSTATAT
