"""The Jinja environments of cocite's templates, and the one place Jinja errors are wrapped.

* ``StrictUndefined``: a misspelt field fails the build instead of leaving a blank in a
  document filed with a tribunal.
* A user's own template (``--template PATH``) runs in Jinja's sandbox, so a template from
  elsewhere cannot reach into Python; the packaged templates are trusted.
* ``finalize`` escapes every value for the output format (Markdown or WordprocessingML)
  unless it is already markup; data is therefore always data, never markup or template code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from cocite.errors import TemplateError


def make_env(
    *,
    sandboxed: bool,
    finalize: Callable[[Any], Any] | None = None,
    autoescape: bool = False,
    loader: jinja2.BaseLoader | None = None,
) -> jinja2.Environment:
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        # No loader of files: {% include %}, {% import %} and {% extends %} find nothing.
        loader=loader or jinja2.FunctionLoader(lambda name: None),
        keep_trailing_newline=True,
        # Block tags on their own line leave no blank line behind in Markdown.
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if sandboxed:
        # The sandbox guards Python's internals, not the CPU: lipsum(n=10**9) would run for
        # hours, and no template of ours needs placeholder text.
        env.globals.pop("lipsum", None)
    return env


@contextmanager
def template_errors(name: str | Path) -> Iterator[None]:
    """Turn any Jinja (or sandbox) error raised while rendering into a TemplateError."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = f"{name}:{exc.lineno}" if exc.lineno else str(name)
        raise TemplateError(f"{where}: template syntax error: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: the template uses an unknown field: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"{name}: a template cannot include, import or extend another file ({exc.name})"
        ) from exc
    except (jinja2.exceptions.SecurityError, OverflowError) as exc:
        raise TemplateError(f"{name}: the template tried something unsafe: {exc}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{name}: template error: {exc.message or exc}") from exc


def read_template(path: Path) -> str:
    """A text template's source, with a clear error when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: template not found") from exc
    except IsADirectoryError as exc:
        raise TemplateError(f"{path}: is a directory, expected a template file") from exc
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}: template is not UTF-8 text") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read template: {exc.strerror or exc}") from exc
