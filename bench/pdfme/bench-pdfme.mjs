// SPDX-License-Identifier: GPL-3.0-or-later
// bench-pdfme.mjs: pdfme measured on one of Kakanai's own templates (see README.md)
//
//   node bench-pdfme.mjs [--fonts=ipaex|gothic] TEMPLATE.json [ROUNDS [OUT.pdf]]
//
// Only to show where pdfme's time goes (our renderer always uses the three fonts):
// --fonts=ipaex draws the `names` fields with IPAex Mincho instead of the 46 MB IPAmj Mincho,
// --fonts=gothic draws everything with IPAex Gothic (one font, as in issue 3's pdfme figure).
//
// Converts the Kakanai template (docs/templates.md) into a pdfme template with the same
// boxes, sizes, fonts and strokes, fills it with the data bench/forms/bench-forms.c uses
// (the demo card plus a value for every other field), then calls pdfme's generate() for one
// one-page PDF per round, after warm-up rounds that are not counted. Prints the same columns
// as bench-forms (pdfme has no separate layout pass, so that column is "-") plus the median.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from '@pdfme/generator';
import { text, line, rectangle, circleMark } from '@pdfme/schemas';

const WARM_UP_ROUNDS = 5;

const FONT_FILES = {
  IPAexGothic: '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
  IPAexMincho: '/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf',
  IPAmjMincho: '/usr/share/fonts/truetype/ipamj/ipamjm.ttf',
};
const FONT_OF_FAMILY = { gothic: 'IPAexGothic', mincho: 'IPAexMincho', names: 'IPAmjMincho' };

// The same values as demo_data[] in bench/forms/bench-forms.c.
const DEMO_DATA = JSON.parse(readFileSync(new URL('./demo-data.json', import.meta.url), 'utf8'));

const PAGE_SIZES_MM = { A4: [210, 297], A5: [148, 210], B5: [182, 257], A3: [297, 420] };
const DATE_KEYS = new Set(['card.birth_date', 'request.date']);

// 和暦 through ICU's Japanese calendar, as our renderer does (元年 included).
const warekiDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese',
  { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const warekiYear = new Intl.DateTimeFormat('ja-JP-u-ca-japanese',
  { era: 'long', year: 'numeric', timeZone: 'UTC' });

function formatValue(key, format, value) {
  if (DATE_KEYS.has(key)) {
    const date = new Date(`${value}T00:00:00Z`);
    switch (format ?? 'wareki') {
      case 'wareki': return warekiDate.format(date);
      case 'wareki_year': return warekiYear.format(date);
      case 'gregorian': return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
      default: return value;
    }
  }
  if (key === 'request.fiscal_year' && format === 'wareki_fiscal')
    return `${warekiYear.format(new Date(`${value}-04-01T00:00:00Z`))}度`;
  return value;
}

function textSchema(name, box, { font, size, minSize, align, valign, lineHeight, color, fit }) {
  const schema = {
    name, type: 'text',
    position: { x: box.x, y: box.y }, width: box.width, height: box.height,
    fontName: FONT_OF_FAMILY[font], fontSize: size,
    alignment: align ?? 'left', verticalAlignment: valign ?? 'middle',
    lineHeight: lineHeight ?? 1, characterSpacing: 0,
    fontColor: color ?? '#000000', backgroundColor: '',
  };
  if (minSize !== undefined && minSize < size)
    schema.dynamicFontSize = { min: minSize, max: size, fit };
  return schema;
}

// pdfme's line is a box as thick as the stroke, rotated about its centre.
function lineSchema(name, e) {
  const width = e.line_width ?? 0.3;
  const dx = e.x2 - e.x1, dy = e.y2 - e.y1;
  const length = Math.hypot(dx, dy);
  const cx = (e.x1 + e.x2) / 2, cy = (e.y1 + e.y2) / 2;
  return {
    name, type: 'line', readOnly: true,
    position: { x: cx - length / 2, y: cy - width / 2 }, width: length, height: width,
    rotate: (Math.atan2(dy, dx) * 180) / Math.PI, color: e.color ?? '#000000',
  };
}

// pdfme strokes rectangles and marks inside their box; ours centre the stroke on the
// box's edge, so the pdfme box grows by half a stroke on each side.
function grow(box, stroke) {
  return { x: box.x - stroke / 2, y: box.y - stroke / 2, width: box.width + stroke, height: box.height + stroke };
}

function rectSchema(name, e) {
  const stroke = e.line_width ?? 0.3;
  const box = grow(e, stroke);
  return {
    name, type: 'rectangle', readOnly: true,
    position: { x: box.x, y: box.y }, width: box.width, height: box.height,
    borderWidth: stroke, borderColor: stroke > 0 ? (e.color ?? '#000000') : '', color: e.fill ?? '',
  };
}

// Turns a Kakanai template into a pdfme template plus a function that makes pdfme's input
// (one string per schema) from form data, so filling stays inside the timed loop.
function convert(tpl) {
  let [width, height] = PAGE_SIZES_MM[tpl.page.size];
  if (tpl.page.orientation === 'landscape') [width, height] = [height, width];
  const schemas = [];
  const fillers = [];
  const omitted = new Map();

  tpl.elements.forEach((e, i) => {
    const name = `${i}_${e.id ?? e.type}`;
    switch (e.type) {
      case 'text':
        if (e.text === '') return;
        schemas.push({
          ...textSchema(name, e, {
            font: e.font ?? 'gothic', size: e.size ?? 10.5, minSize: e.min_size, align: e.align,
            valign: e.valign, lineHeight: e.line_height, color: e.color, fit: 'vertical',
          }),
          readOnly: true, content: e.text,
        });
        return;
      case 'line': schemas.push(lineSchema(name, e)); if (e.dash) omitted.set('dash', (omitted.get('dash') ?? 0) + 1); return;
      case 'rect': schemas.push(rectSchema(name, e)); return;
      case 'circle':
        schemas.push({
          ...rectSchema(name, { x: e.cx - e.r, y: e.cy - e.r, width: 2 * e.r, height: 2 * e.r, line_width: e.line_width, color: e.color, fill: e.fill }),
          type: 'ellipse',
        });
        return;
      case 'field': convertField(name, e, schemas, fillers, omitted); return;
      default: omitted.set(e.type, (omitted.get(e.type) ?? 0) + 1);
    }
  });
  const template = { basePdf: { width, height, padding: [0, 0, 0, 0] }, schemas: [schemas] };
  const fill = (data) => {
    const input = {};
    for (const filler of fillers) filler(data, input);
    return input;
  };
  return { template, fill, omitted };
}

function convertField(name, e, schemas, fillers, omitted) {
  const mode = e.mode ?? 'line';
  const style = {
    font: e.font ?? 'mincho', size: e.size ?? 10.5, minSize: e.min_size ?? e.size ?? 10.5,
    align: e.align, color: e.color,
  };
  const valueOf = (data) => {
    const raw = data[e.key];
    if (raw === undefined || raw === '') return '';
    return `${e.prefix ?? ''}${formatValue(e.key, e.format, raw)}${e.suffix ?? ''}`;
  };

  if (mode === 'line' || mode === 'wrap') {
    const wrap = mode === 'wrap';
    schemas.push(textSchema(name, e, {
      ...style, valign: e.valign ?? (wrap ? 'top' : 'middle'),
      lineHeight: wrap ? (e.line_height ?? 1.3) : 1, fit: wrap ? 'vertical' : 'horizontal',
    }));
    fillers.push((data, input) => { input[name] = valueOf(data); });
  } else if (mode === 'boxes') {
    // One pdfme text box per character box.
    const boxWidth = e.width / e.boxes;
    const names = [];
    for (let b = 0; b < e.boxes; b++) {
      names.push(`${name}_${b}`);
      schemas.push(textSchema(names[b], { x: e.x + b * boxWidth, y: e.y, width: boxWidth, height: e.height },
        { ...style, align: e.align ?? 'center', valign: e.valign, minSize: undefined }));
    }
    fillers.push((data, input) => {
      let chars = [...valueOf(data)];
      if (e.filter === 'digits') chars = chars.filter((c) => c >= '0' && c <= '9');
      names.forEach((n, b) => { input[n] = chars[b] ?? ''; });
    });
  } else if (mode === 'choice') {
    if (e.mark === 'tick') omitted.set('tick mark (drawn as a circle)', (omitted.get('tick mark (drawn as a circle)') ?? 0) + 1);
    const stroke = e.line_width ?? 0.3;
    const options = e.options.map((o) => {
      const box = grow(o, stroke);
      const optionName = `${name}_${o.value}`;
      schemas.push({
        name: optionName, type: 'circleMark',
        position: { x: box.x, y: box.y }, width: box.width, height: box.height,
        borderWidth: stroke, color: e.color ?? '#000000',
      });
      return { value: o.value, name: optionName };
    });
    fillers.push((data, input) => {
      const chosen = new Set((data[e.key] ?? '').split(e.multiple ? ',' : '\u0000'));
      for (const o of options) input[o.name] = chosen.has(o.value) ? 'true' : 'false';
    });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const args = process.argv.slice(2);
  const fonts = args[0]?.startsWith('--fonts=') ? args.shift().slice('--fonts='.length) : 'all';
  if (fonts === 'ipaex' || fonts === 'gothic') {
    FONT_OF_FAMILY.names = fonts === 'ipaex' ? 'IPAexMincho' : 'IPAexGothic';
    delete FONT_FILES.IPAmjMincho;
  }
  if (fonts === 'gothic') {
    FONT_OF_FAMILY.mincho = 'IPAexGothic';
    delete FONT_FILES.IPAexMincho;
  }
  const [path, roundsArg, outPath] = args;
  const rounds = Number.parseInt(roundsArg ?? '300', 10);
  if (!path || !(rounds > 0) || !['all', 'ipaex', 'gothic'].includes(fonts)) {
    console.error('usage: node bench-pdfme.mjs [--fonts=ipaex|gothic] TEMPLATE.json [ROUNDS [OUT.pdf]]');
    process.exit(2);
  }
  const tpl = JSON.parse(readFileSync(path, 'utf8'));
  const { template, fill, omitted } = convert(tpl);
  // Fonts are read once per process, as the kiosk keeps its parsed fonts; pdfme parses and
  // subsets them per generate() call (its own per-document cache), which is what it costs.
  const font = {};
  for (const [fontName, file] of Object.entries(FONT_FILES))
    font[fontName] = { data: readFileSync(file), fallback: fontName === FONT_OF_FAMILY.mincho, subset: true };
  const plugins = { text, line, rectangle, circleMark };
  const once = () => generate({ template, inputs: [fill(DEMO_DATA)], options: { font }, plugins });

  let pdf;
  for (let i = 0; i < WARM_UP_ROUNDS; i++) pdf = await once();
  const times = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    pdf = await once();
    times.push(performance.now() - t0);
  }
  const mean = (performance.now() - start) / rounds;

  if (outPath) {
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, pdf);
  }
  const id = `${tpl.id ?? basename(path, '.json')}${fonts === 'all' ? '' : `/${fonts}`}`;
  console.log(`${'form'.padEnd(10)} ${'layout ms'.padStart(10)} ${'layout+pdf ms'.padStart(14)} ${'forms/s'.padStart(10)} ${'bytes/form'.padStart(12)} ${'median ms'.padStart(10)}`);
  console.log(`${id.padEnd(10)} ${'-'.padStart(10)} ${mean.toFixed(3).padStart(14)} ${(1000 / mean).toFixed(0).padStart(10)} ${String(pdf.length).padStart(12)} ${median(times).toFixed(3).padStart(10)}`);
  for (const [what, count] of omitted) console.error(`note: ${count} × ${what} not reproduced in pdfme`);
}

await main();
