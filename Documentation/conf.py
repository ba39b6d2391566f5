# SPDX-License-Identifier: GPL-2.0
# Sphinx configuration for `make htmldocs` (tools/docs.sh). The
# `.. kernel-doc::` directives use the kernel's own Sphinx extension and
# scripts/kernel-doc from the linux-source tree the harness unpacks
# (KERNEL_SRC); nothing of the kernel is copied here.
import os
import re
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_top = os.environ.get('RESMGR_TOP', os.path.join(_here, '..'))
_ksrc = os.environ['KERNEL_SRC']
sys.path.insert(0, os.path.join(_ksrc, 'Documentation', 'sphinx'))

project = 'resmgr for Linux'
author = 'The resmgr for Linux authors'
with open(os.path.join(_top, 'include', 'resmgr', 'version.h')) as f:
    version = release = re.search(r'RESMGR_VERSION\s+"([^"]+)"', f.read()).group(1)
master_doc = 'index'
extensions = ['kerneldoc']
kerneldoc_bin = os.path.join(_ksrc, 'scripts', 'kernel-doc')
kerneldoc_srctree = _top
html_theme = 'alabaster'
