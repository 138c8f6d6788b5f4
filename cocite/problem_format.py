"""Problems as text, JSON or GitHub Actions annotations (``validate --format``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cocite.problems import Problem


def as_text(problem: Problem) -> str:
    """``FILE:LINE: record ID: FIELD: MESSAGE``; warnings say so before the message."""
    if problem.severity == "warning":
        return one_line(str(Problem(problem.file, problem.line, problem.record_id,
                                    problem.field, f"warning: {problem.message}")))
    return one_line(str(problem))


def one_line(text: str) -> str:
    """A message as one log line: a line break in a file name or value is shown as \\n, and
    a line never starts with "::" (a file named "::error::x.yaml" is shown as ./::error::...),
    so CI logs cannot be made to run workflow commands."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return "./" + text if text.lstrip().startswith("::") else text


def as_json(problems: Sequence[Problem], files: Sequence[str], records: int, strict: bool) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return json.dumps(
        {
            "valid": errors == 0 and not (strict and warnings),
            "errors": errors,
            "warnings": warnings,
            "records": records,
            "files": list(files),
            "problems": [p.as_dict() for p in problems],
        },
        indent=2,
        ensure_ascii=False,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problem: Problem) -> str:
    """A workflow command GitHub shows as an annotation on the pull request's diff."""
    level = "warning" if problem.severity == "warning" else "error"
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    title = f"record {problem.record_id}" if problem.record_id else "cocite validate"
    props.append(f"title={_escape_property(title)}")
    where = f"{problem.field}: " if problem.field else ""
    return f"::{level} {','.join(props)}::{_escape_data(where + problem.message)}"


def stop_token() -> str:
    """A fresh token for ``::stop-commands::`` (unguessable, so data cannot end the pause)."""
    import secrets

    return secrets.token_hex(16)


def lines(problems: Sequence[Problem], files: Sequence[str], records: int, fmt: str,
          strict: bool) -> list[str]:
    """What ``validate`` prints on standard output in ``fmt`` (text, json or github).

    github: the annotations, then the plain lines for the log between ``::stop-commands::``
    and its token: the plain lines carry file names and values as they are, and GitHub must
    not read a line of them as a workflow command (a file name with a newline and "::" in it).
    """
    if fmt == "json":
        return [as_json(problems, files, records, strict)]
    plain = [as_text(problem) for problem in problems]
    if fmt == "github" and problems:
        token = stop_token()
        return [*(as_github(p) for p in problems), f"::stop-commands::{token}", *plain,
                f"::{token}::"]
    return plain


def summary(problems: Sequence[Problem], files: Sequence[str], records: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = f"{records} record{'s' if records != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
    counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    return f"{'valid' if not errors else 'invalid'}: {where}: {counts}"
