// SPDX-License-Identifier: GPL-3.0-or-later
// pdfme itself on a pdfme template, as it is: the reference Kakanai's import-pdfme is
// compared with (tests/forms/test-import-pdfme.sh: positions; bench/pdfme/run-import.sh:
// time and bytes).
//
//   node pdfme-original.mjs TEMPLATE.json INPUTS.json OUT.pdf [ROUNDS]
//
// INPUTS.json is pdfme's inputs (a list, one object of name → value per copy of the form).
// pdfme's fonts are the bundled ones Kakanai maps them to (forms/kakanai-pdfme-import.c):
// a name with "serif", "mincho" or 明朝 → IPAex Mincho, any other (pdfme's default too) →
// IPAex Gothic, so that both tools place the same glyphs. With ROUNDS, generate() runs
// 5 times unmeasured and then ROUNDS times; the mean and median ms per form are printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generate } from '@pdfme/generator';
import { builtInPlugins, barcodes, checkbox, radioGroup, circleMark, line, rectangle, ellipse,
         image, multiVariableText, select, table, text, svg } from '@pdfme/schemas';

const GOTHIC = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';
const MINCHO = '/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf';

const [templatePath, inputsPath, outPath, roundsArg] = process.argv.slice(2);
if (!templatePath || !inputsPath || !outPath) {
  console.error('usage: node pdfme-original.mjs TEMPLATE.json INPUTS.json OUT.pdf [ROUNDS]');
  process.exit(2);
}
const template = JSON.parse(readFileSync(templatePath, 'utf8'));
const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));

const isMincho = (name) => /serif|mincho|明朝|times/i.test(name ?? '');
const names = new Set();
const pages = template.schemas.map((page) => (Array.isArray(page) ? page : Object.values(page)));
for (const page of pages) for (const schema of page) if (schema.fontName) names.add(schema.fontName);
for (const schema of template.basePdf?.staticSchema ?? []) if (schema.fontName) names.add(schema.fontName);
const data = { gothic: readFileSync(GOTHIC), mincho: readFileSync(MINCHO) };
const font = { KakanaiDefaultGothic: { data: data.gothic, fallback: true, subset: true } };
for (const name of names) font[name] = { data: isMincho(name) ? data.mincho : data.gothic, subset: true };

const plugins = { ...builtInPlugins, text, multiVariableText, image, line, rectangle, ellipse,
                  checkbox, radioGroup, circleMark, select, table, svg, ...barcodes };
const once = () => generate({ template, inputs, options: { font }, plugins });

const rounds = Number(roundsArg ?? 0);
let pdf = await once();
if (rounds > 0) {
  for (let i = 0; i < 5; i++) await once();
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    pdf = await once();
    times.push((performance.now() - start) / inputs.length);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(`pdfme\t${mean.toFixed(2)} ms/form (median ${times[Math.floor(times.length / 2)].toFixed(2)})\t${pdf.length} bytes\t${inputs.length} forms`);
}
writeFileSync(outPath, pdf);
