"""Sphinx configuration for sktseq's documentation (``make docs``)."""

import sktseq

project = "sktseq"
author = "the sktseq developers"
release = version = sktseq.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]
# Anchors for "## 10. Collections ..." style links inside the Markdown pages.
myst_heading_anchors = 3
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = []
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
# No intersphinx: the build machines are offline and -W turns fetch failures
# into errors.
# Methods inherited from scikit-learn's mixins (score) cite labels of
# scikit-learn's own docs, which are unreachable without intersphinx.
suppress_warnings = ["ref.ref"]
