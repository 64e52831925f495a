"""No text of the console or the landing page is left untranslated: French and English hold
the same keys, Arabic holds the landing page's, every t("key") of the sources exists, and no
JSX text or label is a bare literal (frontend/scripts/check-i18n.mjs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FRONTEND = ROOT / "frontend"
LOCALES = FRONTEND / "src" / "i18n" / "locales"


def run_check(locales: Path | None = None) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "Node.js is needed to check the translations (it builds the console too)"
    assert (FRONTEND / "node_modules" / "typescript").exists(), "run `npm ci` in frontend/"
    return subprocess.run(
        [node, "scripts/check-i18n.mjs"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **({"I18N_LOCALES_DIR": str(locales)} if locales else {})},
    )


def test_every_text_is_translated_in_french_english_and_arabic_for_the_landing_page() -> None:
    result = run_check()
    assert result.returncode == 0, result.stderr[-4000:]
    assert "translations complete" in result.stdout


def test_a_key_missing_from_french_is_reported(tmp_path: Path) -> None:
    """The check does fail: remove one French text and it names the key."""
    for name in ("en.json", "ar.json"):
        shutil.copy(LOCALES / name, tmp_path / name)
    data = json.loads((LOCALES / "fr.json").read_text(encoding="utf-8"))
    del data["pages"]["workspace"]["offers"]
    (tmp_path / "fr.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert 'fr.json lacks "pages.workspace.offers"' in result.stderr
    assert 't("pages.workspace.offers") is not in fr.json' in result.stderr


def test_the_french_console_says_offers_and_invoices_in_french() -> None:
    fr = json.loads((LOCALES / "fr.json").read_text(encoding="utf-8"))
    ar = json.loads((LOCALES / "ar.json").read_text(encoding="utf-8"))
    assert fr["pages"]["workspace"]["invoices"] == "Factures"
    assert ar["landing"]["signUp"]["confirmMyOrder"] == "تأكيد طلبي"
