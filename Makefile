# SPDX-License-Identifier: GPL-2.0
# Wrapper around the kernel's build system, plus the project's own targets.
# Kbuild holds what kbuild reads; nothing here is visible to it.

KDIR ?= /lib/modules/$(shell uname -r)/build
TOP := $(CURDIR)

.PHONY: all lib modules clean install uninstall htmldocs check check-static check-vm demo vm bench selftests \
	deps checkpatch sparse kernel-doc

all: lib modules

# libresmgr for user-space servers, into build/lib (pkg-config: set
# PKG_CONFIG_PATH=build/lib/pkgconfig for resmgr-uninstalled.pc).
lib:
	$(MAKE) -C lib

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) modules

# Install the modules for KERNELRELEASE (default: the running kernel), the
# development kit and the tools; DESTDIR stages them. See tools/install.sh.
KERNELRELEASE ?= $(shell uname -r)

install:
	tools/install.sh install $(KERNELRELEASE)

uninstall:
	tools/install.sh uninstall $(KERNELRELEASE)

# Documentation/ to HTML (build/docs/html), with the API reference.
htmldocs:
	tools/docs.sh

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	$(MAKE) -C selftests clean
	$(MAKE) -C examples/user clean
	rm -rf build

# Userspace test programs, static so the initramfs needs no libc.
selftests:
	$(MAKE) -C selftests

# Everything: static checks, then the VM runs on every kernel.
check:
	tools/vm/check.sh

check-static:
	tools/vm/static-checks.sh

# The demo runs on Debian's 6.12 kernel (what users run); `make demo
# KERNEL=debug` or KERNEL=6.1 for the others. Same for `make vm`.
KERNEL ?= 6.12

demo:
	tools/vm/run.sh --demo --kernel $(KERNEL)

vm:
	tools/vm/run.sh --shell --kernel $(KERNEL)

# Benchmarks on Debian's 6.12 kernel (the debug kernel's checks distort
# timings): a native misc device against resmgr, in one boot; then the
# same in instructions (QEMU's -icount), which do not vary between runs.
bench:
	tools/vm/run.sh --bench --kernel 6.12
	tools/vm/run.sh --bench --icount --kernel 6.12 --prebuilt

deps:
	tools/vm/deps.sh
