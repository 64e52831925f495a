"""Fonts parsed once per process and embedded without per-document subsetting.

fpdf2 parses each TrueType font when a document adds it, then subsets and recompiles it with
fontTools when the document is written: about 80% of the time of an invoice PDF. Invoices use
two fonts that never change, so this module

* parses each font file once (``FontTemplate``) and gives every document a light copy with its
  own glyph map (``add_cached_font``);
* prepares, once, the bytes to embed: the whole font (the shipped Latin fonts are themselves
  subsets of DejaVu Sans) with the tables a PDF reader never uses dropped, already compressed;
* writes the font objects itself (``InvoiceOutputProducer``): same PDF structure as fpdf2
  (Type0 / CIDFontType2 / Identity-H, ToUnicode map so text stays searchable and copyable),
  but the CID-to-glyph map points at the glyph ids of the embedded font instead of those of a
  per-document subset.

Relies on fpdf2 internals (pinned in pyproject.toml); ``tests/unit/test_invoice_pdf.py``
checks the output with a real PDF reader.
"""

from __future__ import annotations

import copy
import threading
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import CoreFont, SubsetMap, TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFContentStream,
    PDFFont,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray

# Tables a PDF reader needs from an embedded TrueType font (ISO 32000-1, 9.9): the outlines,
# metrics and hinting; layout tables (GSUB, GPOS, ...) only matter before text is placed.
_EMBEDDED_TABLES = (
    "head", "hhea", "hmtx", "loca", "maxp", "glyf", "cvt ", "fpgm", "prep", "post", "name",
    "OS/2", "cmap",
)  # fmt: skip


@dataclass(frozen=True)
class FontTemplate:
    font: TTFFont
    gid_by_name: dict[str, int]
    stream: bytes  # zlib-compressed font file
    length1: int  # its uncompressed length


_TEMPLATES: dict[str, FontTemplate] = {}
_LOCK = threading.Lock()


def template(path: Path, *, shaping: bool) -> FontTemplate:
    key = f"{path}|{shaping}"
    found = _TEMPLATES.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _TEMPLATES.get(key)
        if found is None:
            found = _TEMPLATES[key] = _build_template(path, shaping=shaping)
    return found


def _build_template(path: Path, *, shaping: bool) -> FontTemplate:
    scratch = FPDF()
    scratch.add_font("template", "", str(path))
    font = scratch.fonts["template"]
    assert isinstance(font, TTFFont) and not font.is_cff and font.color_font is None
    # read every table the copies will consult now, so that no copy ever parses lazily
    # (documents are rendered on several threads)
    for tag in font.ttfont.keys():  # noqa: SIM118 - TTFont is not iterable
        font.ttfont[tag]
    if shaping:
        font.hbfont  # noqa: B018 - builds the HarfBuzz font once, shared read-only
    glyph_order = font.ttfont.getGlyphOrder()
    embedded = TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False)
    for tag in list(embedded.keys()):
        if tag not in _EMBEDDED_TABLES and tag != "GlyphOrder":
            del embedded[tag]
    buffer = BytesIO()
    embedded.save(buffer)
    raw = buffer.getvalue()
    return FontTemplate(
        font=font,
        gid_by_name={name: gid for gid, name in enumerate(glyph_order)},
        stream=zlib.compress(raw, 9),
        length1=len(raw),
    )


def add_cached_font(pdf: FPDF, family: str, style: str, path: Path, *, shaping: bool) -> None:
    """``pdf.add_font(family, style, path)`` without parsing the font again."""
    base = template(path, shaping=shaping).font
    font = copy.copy(base)
    font.i = len(pdf.fonts) + 1
    font.fontkey = f"{family.lower()}{style}"
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.desc = copy.copy(base.desc)
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font


class _FontFile(PDFContentStream):
    """A font file already compressed once for every document (FontFile2)."""

    def __init__(self, stream: bytes, length1: int) -> None:
        super().__init__(contents=b"")
        self._contents = stream
        self.filter = Name("FlateDecode")
        self.length = len(stream)
        self.length1 = length1


class InvoiceOutputProducer(OutputProducer):
    """fpdf2's producer, with font objects written from the cached templates."""

    def _add_fonts(self, *args: Any, **kwargs: Any) -> dict[int, PDFFont]:  # type: ignore[override]
        objects: dict[int, PDFFont] = {}
        for font in sorted(self.fpdf.fonts.values(), key=lambda f: f.i):
            if isinstance(font, CoreFont):
                core = PDFFont(subtype="Type1", base_font=font.name, encoding="WinAnsiEncoding")
                self._add_pdf_obj(core, "fonts")
                objects[font.i] = core
                continue
            tpl = next((t for t in _TEMPLATES.values() if t.font.ttffile == font.ttffile), None)
            if tpl is None:
                raise RuntimeError(f"font {font.fontkey} was not added with add_cached_font")
            objects[font.i] = self._add_embedded_font(font, tpl)
            font.subset.pick.cache_clear()
            font.subset.get_glyph.cache_clear()
        return objects

    def _add_embedded_font(self, font: TTFFont, tpl: FontTemplate) -> PDFFont:
        fontname = f"MPDFAA+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_tt_font_widths(font),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        to_unicode: list[str] = []
        cid_to_gid = bytearray(2 * 65536)
        for glyph, code in font.subset.items():
            if glyph is None:
                continue
            gid = tpl.gid_by_name.get(glyph.glyph_name, 0)
            cid_to_gid[2 * code] = gid >> 8
            cid_to_gid[2 * code + 1] = gid & 0xFF
            if isinstance(glyph.unicode, tuple) and glyph.unicode:
                text = "".join(_utf16_hex(u) for u in glyph.unicode)
                to_unicode.append(f"<{code:04X}> <{text}>\n")
        cmap = PDFContentStream(
            (
                "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{_build_cmap_blocks(to_unicode, 'bfchar')}"
                "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            ).encode("latin-1")
        )
        self._add_pdf_obj(cmap, "fonts")
        composite.to_unicode = cmap

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map

        font_file = _FontFile(tpl.stream, tpl.length1)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file  # type: ignore[attr-defined]
        return composite


def _utf16_hex(codepoint: int) -> str:
    if codepoint > 0xFFFF:
        high = 0xD800 | (codepoint - 0x10000) >> 10
        low = 0xDC00 | (codepoint & 0x3FF)
        return f"{high:04X}{low:04X}"
    return f"{codepoint:04X}"
