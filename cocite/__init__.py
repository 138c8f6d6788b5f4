"""cocite: verbatim country-of-origin evidence, assembled for tribunals."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cocite")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
