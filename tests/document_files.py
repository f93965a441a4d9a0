"""Small, valid document files made in code: PDF pages drawn with Pillow, DOCX, XLSX and ODT
archives written with zipfile.  The tests make their hostile variants from them; run as a script
(`python -m tests.document_files`) it writes the demo's documents into content/ (their text is
in content/*/van-ban.yml's entries and in DEMO_DOCUMENTS below)."""

from __future__ import annotations

import io
import sys
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "domain" / "images" / "fonts" / "DejaVuSans-Bold.ttf"
_FIXED = (1980, 1, 1, 0, 0, 0)  # every archive member's time: the same bytes on every run


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page A4 PDF (100 dpi, black and white, as a scanned document) showing `lines`."""
    font = ImageFont.truetype(str(FONT), 15)
    page = Image.new("1", (827, 1169), 1)
    draw = ImageDraw.Draw(page)
    y = 70
    for line in lines:
        for part in textwrap.wrap(line, 78) or [""]:
            draw.text((70, y), part, font=font, fill=0)
            y += 24
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=100)
    return buffer.getvalue()


def _zip(members: list[tuple[str, str | bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, _FIXED)
            info.compress_type = zipfile.ZIP_STORED if stored_first and number == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document (the three parts Word needs to open it)."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         "</Types>"),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
         "</Relationships>"),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         f"<w:body>{body}</w:body></w:document>"),
    ])


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    """A minimal Excel workbook of one sheet (inline strings)."""
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                                   for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _zip([
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         "</Types>"),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" '
         f'xmlns:r="{rel}"><sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         f'<worksheet xmlns="{main}"><sheetData>{cells}</sheetData></worksheet>'),
    ])


def odt_bytes(paragraphs: list[str]) -> bytes:
    """A minimal OpenDocument text: `mimetype` first and stored, as the format requires."""
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    return _zip([
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>'
         '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
         '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
         "</manifest:manifest>"),
        ("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {office} '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
         f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"),
    ], stored_first=True)


MAKERS = {".pdf": pdf_bytes, ".docx": docx_bytes, ".odt": odt_bytes}


def write_demo(content: Path) -> None:
    from tests.demo_documents import DEMO_DOCUMENTS  # the demo's text, kept apart from the code

    for path, lines in DEMO_DOCUMENTS.items():
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        suffix = target.suffix
        data = xlsx_bytes([line.split(" | ") for line in lines]) if suffix == ".xlsx" else MAKERS[suffix](lines)
        target.write_bytes(data)
        print(f"{path}: {len(data)} bytes")


if __name__ == "__main__":
    write_demo(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content")
