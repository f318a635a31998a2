package gitrepo

import "syscall"

const sysFstatat = syscall.SYS_NEWFSTATAT
