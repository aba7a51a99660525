"""Sphinx configuration for sktseq's documentation (``make docs``)."""

import sys
from pathlib import Path

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
    "sphinx_gallery.gen_gallery",
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

# -- Example gallery ------------------------------------------------------------
# Every examples/plot_*.py is executed at build time in its quick form: a smoke
# run that says so in its output and figures.  The full protocols stay on the
# command line, their printed tables recorded in examples/README.md
# (the "Recorded results" page).
sys.path.insert(0, str(Path(__file__).parent))  # for _gallery.quick_argv

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "reset_argv": "_gallery.quick_argv",
    "within_subsection_order": "_gallery.StoryOrder",
    # Link names in the examples' code to their API pages.
    "reference_url": {"sktseq": None},
    "doc_module": ("sktseq",),
    "backreferences_dir": "api/generated/backreferences",
    # The scripts print their tables; the value of a last expression is noise.
    "capture_repr": (),
    "show_memory": False,
    "download_all_examples": False,
}
