// SPDX-License-Identifier: GPL-3.0-or-later
// count-glyphs.mjs: the embedded fonts of PDFs, their glyph counts and sizes
//
//   node count-glyphs.mjs FILE.pdf...
//
// For every embedded TrueType font (FontFile2): the base font name, the glyphs in the
// embedded font program (maxp numGlyphs, .notdef included), the font program's size
// deflated (as stored) and inflated. Works on Kakanai's and pdfme's PDFs alike.

import { readFileSync } from 'node:fs';
import { PDFDocument, PDFName, PDFDict, PDFRawStream, decodePDFRawStream } from '@pdfme/pdf-lib';
import * as fontkit from 'fontkit';

for (const path of process.argv.slice(2)) {
  const doc = await PDFDocument.load(readFileSync(path), { updateMetadata: false });
  let total = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor'))
      continue;
    const stream = object.lookup(PDFName.of('FontFile2'));
    if (!(stream instanceof PDFRawStream)) continue;
    const program = decodePDFRawStream(stream).decode();
    const font = fontkit.create(Buffer.from(program));
    total += font.numGlyphs;
    console.log(`${path}\t${object.lookup(PDFName.of('FontName')).asString()}\tglyphs ${font.numGlyphs}` +
      `\tfont file ${stream.contents.length} B stored, ${program.length} B inflated`);
  }
  console.log(`${path}\ttotal glyphs ${total}`);
}
