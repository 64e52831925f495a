"""axe-core (frontend/node_modules/axe-core, a devDependency of the console) run in a
Playwright page: the WCAG 2.x A/AA rules, and the violations a user of assistive technology
would hit hardest (impact serious or critical)."""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Page

from tests.conftest import ROOT

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEVERE = {"serious", "critical"}


@cache
def _source() -> str:
    assert AXE.exists(), f"axe-core is needed at {AXE} (cd frontend && npm ci)"
    return AXE.read_text()


def severe_violations(page: Page, include: str | None = None) -> list[dict[str, Any]]:
    """The serious and critical WCAG A/AA violations of the page as it is now (or of the part
    matching the CSS selector `include`). The script is evaluated through the DevTools
    protocol rather than added as a <script> tag: the gateway's CSP (script-src 'self')
    refuses inline scripts, and the test checks the page as it is served."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_source() + "\n;undefined")
    results: list[dict[str, Any]] = page.evaluate(
        """async ([include, tags]) => {
            const r = await axe.run(include ? { include: [include] } : document, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
            return r.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
            }));
        }""",
        [include, WCAG_A_AA],
    )
    return [v for v in results if v["impact"] in SEVERE]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        for node in v["targets"][:8]:
            summary = " ".join((node["summary"] or "").split())[:300]
            lines.append(f"    {node['target']}  -- {summary}")
        if len(v["targets"]) > 8:
            lines.append(f"    ... and {len(v['targets']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Page, screen: str, include: str | None = None) -> None:
    """No serious or critical WCAG A/AA violation on the screen shown (named in the message)."""
    found = severe_violations(page, include)
    assert not found, f"{screen} ({page.url}):\n{describe(found)}"
