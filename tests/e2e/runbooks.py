"""The runbooks as the tests read them (docs/operations/*.md, conventions in README.md):
a runbook's `## Steps` section holds its commands in ```sh blocks (a trailing `# exit N`
states the exit code), each followed by a ```text block of lines the output holds
(`...` stands for anything)."""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass, field

from tests.conftest import ROOT

OPERATIONS = ROOT / "docs" / "operations"
_BLOCK = re.compile(r"^([ \t]*)```(\w*)[ \t]*\n(.*?)^\1```[ \t]*$", re.M | re.S)
_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\b.*$")


@dataclass
class Step:
    command: str  # as written, `mtf ...`
    exit_code: int | None
    expected: list[str] = field(default_factory=list)

    def argv(self, substitutions: dict[str, str]) -> list[str]:
        return shlex.split(substitute(self.command, substitutions))[1:]

    def patterns(self, substitutions: dict[str, str]) -> list[re.Pattern[str]]:
        found = []
        for line in self.expected:
            parts = [re.escape(p) for p in substitute(line.strip(), substitutions).split("...")]
            found.append(re.compile(r".*?".join(parts), re.M))
        return found


def substitute(text: str, substitutions: dict[str, str]) -> str:
    for example, actual in substitutions.items():
        text = text.replace(example, actual)
    return text


def blocks(markdown: str) -> list[tuple[str, str]]:
    """Every fenced block: (its language, its text dedented)."""
    return [(m.group(2), textwrap.dedent(m.group(3))) for m in _BLOCK.finditer(markdown)]


def section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end >= 0 else len(markdown)]


def steps(name: str, heading: str = "Steps") -> list[Step]:
    """The `mtf` commands of a runbook's steps, in order, with what each prints."""
    found: list[Step] = []
    for language, text in blocks(section((OPERATIONS / name).read_text(), heading)):
        if language == "sh":
            for line in text.splitlines():
                if line.startswith("mtf "):
                    code = _EXIT.search(line)
                    command = _command(line)
                    found.append(Step(command, int(code.group(1)) if code else None))
        elif language == "text" and found:
            found[-1].expected += [line for line in text.splitlines() if line.strip()]
    return found


def every_mtf_command() -> list[tuple[str, str, bool]]:
    """(file, command, whole) for every `mtf ...` in docs/operations/*.md: in a code block
    (fenced or indented; `whole`: argparse must accept it as written), or named in the
    text (`mtf migrate --to RELEASE`: its subcommand must exist)."""
    found = []
    for path in sorted(OPERATIONS.glob("*.md")):
        markdown = path.read_text()
        for language, text in blocks(markdown):
            if language in ("text", "json"):
                continue  # what commands print, not commands
            for line in re.sub(r"\\\n\s*", " ", text).splitlines():
                if line.strip().startswith("mtf "):
                    found.append((path.name, _command(line), True))
        prose = _BLOCK.sub("", markdown)
        for line in prose.splitlines():
            if re.match(r"^ {4,}mtf ", line):  # an indented code block
                found.append((path.name, _command(line), True))
        for span in re.findall(r"`(mtf [^`]+)`", prose):
            found.append((path.name, " ".join(span.split()), False))
    return found


def _command(line: str) -> str:
    """The command without its comment, a shell substitution `$(...)` as one word."""
    return re.sub(r"\$\([^)]*\)", "SUBST", re.sub(r"\s+#.*$", "", line.strip()))
