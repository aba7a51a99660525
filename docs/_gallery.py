"""Command lines the documentation's gallery runs the examples with.

Imported by sphinx-gallery by name (``reset_argv="_gallery.quick_argv"`` in
``conf.py``): a function defined in ``conf.py`` itself cannot be pickled
with Sphinx's build environment.
"""

from pathlib import Path

# Figures and tables the examples write: inside the build tree, which Sphinx
# does not read as sources.
EXAMPLE_OUTPUT = Path(__file__).parent / "_build" / "example_output"


def quick_argv(gallery_conf, script_vars):
    """``sys.argv[1:]`` for an example: ``--quick``, and ``--out`` into the build.

    An option is passed only when the script defines it, so that a new
    example without ``--out`` still runs.
    """
    source = Path(script_vars["src_file"]).read_text(encoding="utf-8")
    argv = ["--quick"] if '"--quick"' in source else []
    if '"--out"' in source:
        argv += ["--out", str(EXAMPLE_OUTPUT)]
    return argv
