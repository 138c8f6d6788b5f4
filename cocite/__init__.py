"""cocite: verbatim country-of-origin evidence, assembled for tribunals."""

# The single source of the version: pyproject.toml reads it from here (hatch dynamic
# version). A literal rather than importlib.metadata, which costs ~15 ms at every start.
__version__ = "0.1.0"

__all__ = ["__version__"]
