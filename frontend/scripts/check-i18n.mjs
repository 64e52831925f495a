// Fails (exit 1) when a text of the console or the landing page is not translated:
//  - fr and en hold the same keys; ar holds exactly the landing page's keys (landing.*,
//    common.*); no value is empty; each translation has the same {{placeholders}} as English;
//  - every t("key") in src/ exists in fr and en (and in ar for the landing page's files);
//  - no key of the files is unused;
//  - no JSX text or text attribute (label, aria-label, placeholder, title, hint...) is a
//    bare literal: it goes through t().
// Run: node scripts/check-i18n.mjs   (tests/contract/test_translations.py runs it)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src");
// I18N_LOCALES_DIR: check other resource files against the sources (the test of the check uses it)
const locales = process.env.I18N_LOCALES_DIR ?? join(src, "i18n", "locales");
const problems = [];

function flat(obj, prefix = "", out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") flat(v, key, out);
    else out.set(key, v);
  }
  return out;
}
const load = (lang) => flat(JSON.parse(readFileSync(join(locales, `${lang}.json`), "utf8")));
const fr = load("fr");
const en = load("en");
const ar = load("ar");
const LANDING_PREFIXES = ["landing.", "common."];
const isLandingKey = (k) => LANDING_PREFIXES.some((p) => k.startsWith(p));

// i18next plural forms: "x_one"/"x_other" in the files, t("x", { count }) in the code
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k) => k.replace(PLURAL, "");
const baseKeys = (m) => new Set([...m.keys()].map(base));

function compare(a, aName, b, bName, filter = () => true) {
  const ka = baseKeys(a);
  const kb = baseKeys(b);
  for (const k of ka) if (filter(k) && !kb.has(k)) problems.push(`${bName}.json lacks "${k}" (in ${aName}.json)`);
}
compare(en, "en", fr, "fr");
compare(fr, "fr", en, "en");
compare(en, "en", ar, "ar", isLandingKey);
for (const k of baseKeys(ar)) if (!isLandingKey(k)) problems.push(`ar.json has "${k}": Arabic is for the landing page only (landing.*, common.*)`);

const placeholders = (s) => [...String(s).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join(",");
for (const [lang, m] of [["fr", fr], ["en", en], ["ar", ar]]) {
  for (const [k, v] of m) {
    if (typeof v !== "string" || v.trim() === "") problems.push(`${lang}.json: "${k}" is empty`);
    const ref = en.get(k) ?? en.get(`${base(k)}_other`) ?? en.get(base(k));
    if (ref !== undefined && placeholders(v) !== placeholders(ref) && !PLURAL.test(k))
      problems.push(`${lang}.json: "${k}" has placeholders {${placeholders(v)}}, English has {${placeholders(ref)}}`);
  }
}

// ---- the sources
function walk(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.tsx?$/.test(f) && !f.endsWith(".d.ts")) out.push(p);
  }
  return out;
}
const TEXT_ATTRS = new Set(["label", "aria-label", "placeholder", "title", "hint", "alt", "unit", "intro"]);
// brand and symbols, the same in every language
const ALLOWED_TEXT = new Set(["MT", "-Facturation", "MT-", "Facturation", "MT-Facturation", "MAD", "CIN", "ICE"]);
// the landing page's files, and the console's UI kit it is made of (its texts are common.*)
const LANDING_FILES = ["pages/LandingPage.tsx", "components/LanguageSwitch.tsx", "components/ui.tsx", "components/QueryState.tsx", "api/problem.ts"];
const landingFile = (rel) => rel.startsWith("selfservice/") || LANDING_FILES.includes(rel);
const used = new Set();

for (const file of walk(src)) {
  const rel = relative(src, file).replace(/\\/g, "/");
  if (rel.startsWith("api/schema") || rel.startsWith("reference/")) continue;
  const code = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const where = (node) => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "t") {
      const [arg] = node.arguments;
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        const key = arg.text;
        used.add(key);
        if (!baseKeys(en).has(key)) problems.push(`${where(node)}: t("${key}") is not in en.json`);
        if (!baseKeys(fr).has(key)) problems.push(`${where(node)}: t("${key}") is not in fr.json`);
        if ((landingFile(rel) || isLandingKey(key)) && !baseKeys(ar).has(key)) problems.push(`${where(node)}: t("${key}") is not in ar.json`);
      } else if (arg) problems.push(`${where(node)}: t() takes a literal key (found ${arg.getText(sf).slice(0, 40)})`);
    }
    if (ts.isJsxText(node)) {
      const text = node.getText(sf).replace(/&[a-z]+;/g, " ").replace(/\s+/g, " ").trim();
      if (/[A-Za-z\u0600-\u06FF]{2,}/.test(text) && !ALLOWED_TEXT.has(text)) problems.push(`${where(node)}: untranslated text "${text.slice(0, 60)}"`);
    }
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(sf);
      if (TEXT_ATTRS.has(name) && /[A-Za-z]{2,}/.test(node.initializer.text) && !ALLOWED_TEXT.has(node.initializer.text))
        problems.push(`${where(node)}: untranslated ${name}="${node.initializer.text.slice(0, 60)}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
for (const k of baseKeys(en)) if (!used.has(k)) problems.push(`en.json: "${k}" is not used by any t() call`);

if (problems.length) {
  console.error(`${problems.length} translation problem(s):\n` + problems.join("\n"));
  process.exitCode = 1; // not process.exit(): it would cut a long report written to a pipe
} else console.log(`translations complete: ${baseKeys(en).size} keys (fr, en), ${baseKeys(ar).size} for the landing page (ar)`);
