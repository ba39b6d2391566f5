#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make htmldocs: Documentation/ to HTML with Sphinx (Debian's
# python3-sphinx). The API reference sections are `.. kernel-doc::`
# directives, run by the kernel's kerneldoc Sphinx extension and
# scripts/kernel-doc from the unpacked linux-source tree. Warnings are
# errors. Output: build/docs/html/index.html.
set -euo pipefail
. "$(dirname "$0")/vm/lib.sh"

command -v sphinx-build >/dev/null ||
	die "sphinx-build missing (tools/vm/deps.sh installs python3-sphinx)"
out=$RESMGR_TOP/build/docs
rm -rf "$out"
KERNEL_SRC=$(source_tree) RESMGR_TOP=$RESMGR_TOP \
	sphinx-build -q -W -b html -d "$out/doctrees" "$RESMGR_TOP/Documentation" "$out/html"
echo "docs: $out/html/index.html"
