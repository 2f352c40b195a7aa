import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX_MAX_TEXT, XlsxWriter, columnName, xlsxRows, xlsxText, type XlsxCell, type XlsxColumn, type XlsxOptions, type XlsxSheet } from '../src/report/xlsx.js';
import { bounded, timed } from './property.js';

const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

/** Texts a spreadsheet would retype, run, or that XML cannot hold as they are. */
const TRICKY = [
  '3/4',
  '007',
  'TRUE',
  '1e5',
  '12.5%',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-1',
  '  +44 20 7946 0958',
  'trailing space ',
  '\tleading tab',
  'a\u0001b',
  'nul \u0000 and \u001f and \u000b\u000c',
  '_x0041_',
  '_x0041_x0042_',
  '_x0041\u0001',
  '_X00e9_ and _x',
  'under_score',
  '😀 emoji, 🚢 and 𝄞',
  '<&>"\'',
  ']]> and <![CDATA[',
  'line one\nline two\n',
  'windows\r\nbreaks\rand a lone CR',
  'what’s “this” — naïve',
  '\uFFFE\uFFFF',
  'lone \uD800 high',
  'lone \uDC00 low',
  'pair then lone \uD83D\uDE00\uDE00',
];

const COLUMNS: XlsxColumn[] = [
  { header: 'id', width: 10 },
  { header: 'text', width: 60 },
  { header: 'score', width: 12 },
  { header: 'time', width: 20, date: true },
];

/** A workbook's bytes: rows given as [sheet, cells], bytes taken every `takeEvery` rows. */
function build(sheets: readonly XlsxSheet[], rows: ReadonlyArray<readonly [number, readonly XlsxCell[]]>, options: XlsxOptions = {}, takeEvery = 1): { bytes: Buffer; writer: XlsxWriter; takenBeforeFinish: number } {
  const writer = new XlsxWriter(sheets, options);
  const chunks: Uint8Array[] = [];
  rows.forEach(([sheet, cells], i) => {
    writer.row(sheet, cells);
    if ((i + 1) % takeEvery === 0) chunks.push(...writer.take());
  });
  chunks.push(...writer.take());
  const takenBeforeFinish = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  chunks.push(...writer.finish());
  return { bytes: Buffer.concat(chunks), writer, takenBeforeFinish };
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs reads a Node Buffer, though its types name an ArrayBuffer.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as cells (row 1 is the header), each cell as [type, value]. */
function cellsOf(sheet: ExcelJS.Worksheet, columns: number): Array<Array<[ExcelJS.ValueType, unknown]>> {
  const rows: Array<Array<[ExcelJS.ValueType, unknown]>> = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: columns }, (_, c) => [row.getCell(c + 1).type, row.getCell(c + 1).value]));
  }
  return rows;
}

interface ZipEntry {
  name: string;
  version: number;
  flag: number;
  method: number;
  dosDate: number;
  dosTime: number;
  size: number;
  compressed: number;
  offset: number;
  /** Where the entry's bytes end, data descriptor included. */
  end: number;
  descriptor: { crc: number; compressed: number; size: number } | null;
  localSizes: [number, number, number];
  centralExtra: number;
}

/** Python's zipfile on the file: its own check (every entry inflated, CRC compared), each entry's headers, and the small parts' text. */
function inspectZip(file: string): { bad: string | null; entries: ZipEntry[]; directory: number; parts: Record<string, string> } {
  const script = String.raw`
import json, struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
raw = open(sys.argv[1], 'rb').read()
entries = []
for i in z.infolist():
    o = i.header_offset
    sig, ver, flag, method, t, d, crc, cs, us, nl, el = struct.unpack('<IHHHHHIIIHH', raw[o:o + 30])
    assert sig == 0x04034b50
    end = o + 30 + nl + el + i.compress_size
    descriptor = None
    if flag & 8:
        assert raw[end:end + 4] == b'PK\x07\x08'
        dcrc, dcs, dus = struct.unpack('<IQQ', raw[end + 4:end + 24])
        descriptor = {'crc': dcrc, 'compressed': dcs, 'size': dus}
        end += 24
    entries.append({'name': i.filename, 'version': ver, 'flag': flag, 'method': method, 'dosDate': d, 'dosTime': t,
                    'size': i.file_size, 'compressed': i.compress_size, 'offset': o, 'end': end, 'descriptor': descriptor,
                    'localSizes': [crc, cs, us], 'centralExtra': len(i.extra)})
parts = {n: z.read(n).decode('utf-8') for n in z.namelist() if not n.startswith('xl/worksheets/')}
print(json.dumps({'bad': bad, 'entries': entries, 'directory': z.start_dir, 'parts': parts}))
`;
  const result = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ReturnType<typeof inspectZip>;
}

const hasUnzip = existsSync('/usr/bin/unzip');
const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasLibreOffice = existsSync('/usr/bin/soffice');

/** The rows of the tricky workbook: a text sheet, and a threads sheet fed in between. */
const NUMBERS = [0, -0, 1, -1, 0.1 + 0.2, 1 / 3, 123456789.123, 1e21, -1e-7, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE];
const TIMES = [Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(1970, 0, 1), Date.UTC(2000, 0, 1, 12, 0, 0, 1), Date.UTC(1900, 2, 1), Date.UTC(9999, 11, 31, 23, 59, 59)];
function trickyRows(): Array<readonly [number, readonly XlsxCell[]]> {
  const rows: Array<readonly [number, readonly XlsxCell[]]> = [];
  TRICKY.forEach((text, i) => {
    rows.push([0, [`c${i + 1}`, text, NUMBERS[i % NUMBERS.length]!, TIMES[i % TIMES.length]!]]);
    if (i % 4 === 0) rows.push([1, [`t${i}`, text, i]]);
  });
  // Empty cells: null, "", NaN and ±Infinity; a time Excel cannot show as a date is written as text.
  rows.push([0, ['empty', null, Number.NaN, null]]);
  rows.push([0, ['', '', Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]]);
  rows.push([0, ['old', 'before 1900-03-01', 1, Date.UTC(1899, 11, 31)]]);
  rows.push([0, ['short']]);
  return rows;
}
const THREAD_COLUMNS: XlsxColumn[] = [
  { header: 'thread_id', width: 12 },
  { header: 'title', width: 40 },
  { header: 'comments', width: 10 },
];
const SHEETS: XlsxSheet[] = [
  { name: 'comments', columns: COLUMNS },
  { name: "it's <threads> & co", columns: THREAD_COLUMNS },
];

describe('a workbook of texts a spreadsheet would retype, numbers and times, read back with exceljs', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await load(build(SHEETS, trickyRows()).bytes);
  });

  it('has the sheets in order, each header bold, frozen and filtered over its rows', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['comments', "it's <threads> & co"]);
    const [comments, threads] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    for (const sheet of [comments, threads]) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      sheet.getRow(1).eachCell((cell) => expect(cell.font?.bold).toBe(true));
    }
    expect(comments.autoFilter).toBe(`A1:D${TRICKY.length + 5}`);
    expect(threads.autoFilter).toBe(`A1:C${Math.ceil(TRICKY.length / 4) + 1}`);
    expect(comments.getColumn(2).width).toBe(60);
    expect(cellsOf(comments, 4)[0]).toEqual(COLUMNS.map((column) => [ExcelJS.ValueType.String, column.header]));
  });

  it('gives every text back exactly, as a text; every number as the same number; every time as a date at the same instant', () => {
    const rows = cellsOf(workbook.getWorksheet('comments')!, 4).slice(1);
    TRICKY.forEach((text, i) => {
      expect(rows[i]).toEqual([
        [ExcelJS.ValueType.String, `c${i + 1}`],
        [ExcelJS.ValueType.String, text],
        [ExcelJS.ValueType.Number, NUMBERS[i % NUMBERS.length] === 0 ? 0 : NUMBERS[i % NUMBERS.length]],
        [ExcelJS.ValueType.Date, new Date(TIMES[i % TIMES.length]!)],
      ]);
    });
    const nothing: [ExcelJS.ValueType, unknown] = [ExcelJS.ValueType.Null, null];
    expect(rows.slice(TRICKY.length)).toEqual([
      [[ExcelJS.ValueType.String, 'empty'], nothing, nothing, nothing],
      [nothing, nothing, nothing, nothing],
      [[ExcelJS.ValueType.String, 'old'], [ExcelJS.ValueType.String, 'before 1900-03-01'], [ExcelJS.ValueType.Number, 1], [ExcelJS.ValueType.String, '1899-12-31T00:00:00.000Z']],
      [[ExcelJS.ValueType.String, 'short'], nothing, nothing, nothing],
    ]);
  });

  it('puts the rows of the second sheet, fed between the first sheet’s, in that sheet in their order', () => {
    const rows = cellsOf(workbook.getWorksheet("it's <threads> & co")!, 3).slice(1);
    const expected = TRICKY.flatMap((text, i) => (i % 4 === 0 ? [[[ExcelJS.ValueType.String, `t${i}`], [ExcelJS.ValueType.String, text], [ExcelJS.ValueType.Number, i]]] : []));
    expect(rows).toEqual(expected);
  });

  it('has no formula anywhere', () => {
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});

describe('the zip container', () => {
  const dir = scratch('threadlens-xlsx-zip-');

  const withPython = hasPython ? it : it.skip;
  withPython('passes Python’s zipfile check, entries back to back, each dated 2000-01-01 and deflated; the streamed sheet with a ZIP64 data descriptor', () => {
    const file = path.join(dir, 'tricky.xlsx');
    writeFileSync(file, build(SHEETS, trickyRows()).bytes);
    const zip = inspectZip(file);
    expect(zip.bad).toBeNull();
    expect(zip.entries.map((entry) => entry.name)).toEqual([
      '_rels/.rels',
      'xl/styles.xml',
      'docProps/core.xml',
      'docProps/app.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/sharedStrings.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      '[Content_Types].xml',
    ]);
    // No gap and no overlap: each entry ends where the next starts, the last where the directory does.
    expect(zip.entries[0]!.offset).toBe(0);
    zip.entries.forEach((entry, i) => expect(entry.end).toBe(zip.entries[i + 1]?.offset ?? zip.directory));
    for (const entry of zip.entries) {
      expect([entry.method, entry.dosDate, entry.dosTime]).toEqual([8, ((2000 - 1980) << 9) | (1 << 5) | 1, 0]);
      expect(entry.centralExtra).toBe(0);
      if (entry.name === 'xl/worksheets/sheet1.xml') {
        expect([entry.version, entry.flag, entry.localSizes]).toEqual([45, 8, [0, 0, 0]]);
        expect(entry.descriptor).toMatchObject({ compressed: entry.compressed, size: entry.size });
      } else {
        expect([entry.version, entry.flag, entry.descriptor]).toEqual([20, 0, null]);
        expect(entry.localSizes.slice(1)).toEqual([entry.compressed, entry.size]);
      }
    }
    // Only the texts needing Excel's _xHHHH_ escape are in the shared strings table.
    const strings = zip.parts['xl/sharedStrings.xml']!;
    expect(strings).toContain('<t>a_x0001_b</t>');
    expect(strings).toContain('<t>_x005F_x0041_</t>');
    expect(strings).not.toContain('3/4');
    const workbook = zip.parts['xl/workbook.xml']!;
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'comments'!$A$1:$D$${TRICKY.length + 5}</definedName>`);
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'it''s &lt;threads&gt; &amp; co'!$A$1:$C$8</definedName>`);
    expect(zip.parts['docProps/core.xml']).toContain('<dc:creator>threadlens</dc:creator>');
    expect(zip.parts['docProps/core.xml']).toContain('2000-01-01T00:00:00Z');
  });

  withPython('with ZIP64 records forced (as a sheet past 4 GB has them) still passes Python’s check and reads the same in exceljs', async () => {
    const plain = build(SHEETS, trickyRows()).bytes;
    const forced = build(SHEETS, trickyRows(), { zip64: 'always' }).bytes;
    const file = path.join(dir, 'zip64.xlsx');
    writeFileSync(file, forced);
    const zip = inspectZip(file);
    expect(zip.bad).toBeNull();
    for (const entry of zip.entries) {
      expect(entry.version).toBe(45);
      expect(entry.centralExtra).toBe(4 + 24);
    }
    expect(forced.readUInt32LE(forced.length - 22 - 20 - 56)).toBe(0x06064b50);
    const [a, b] = [await load(plain), await load(forced)];
    expect(b.worksheets.map((sheet) => cellsOf(sheet, 4))).toEqual(a.worksheets.map((sheet) => cellsOf(sheet, 4)));
  });

  const withUnzip = hasUnzip ? it : it.skip;
  withUnzip('passes unzip -t, with and without forced ZIP64 records', () => {
    for (const zip64 of ['auto', 'always'] as const) {
      const file = path.join(dir, `unzip-${zip64}.xlsx`);
      writeFileSync(file, build(SHEETS, trickyRows(), { zip64 }).bytes);
      const result = spawnSync('/usr/bin/unzip', ['-t', file], { encoding: 'utf8' });
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('No errors detected');
    }
  });

  it('gives the same bytes for the same rows, however often the bytes are taken', () => {
    const once = build(SHEETS, trickyRows(), {}, 1_000_000).bytes;
    const often = build(SHEETS, trickyRows(), {}, 1).bytes;
    const again = build(SHEETS, trickyRows(), {}, 3).bytes;
    expect(often.equals(once)).toBe(true);
    expect(again.equals(once)).toBe(true);
  });

  it('streams the first sheet: most of a large workbook’s bytes are out before finish, and none of the other sheets’', () => {
    const rows: Array<readonly [number, readonly XlsxCell[]]> = [];
    for (let i = 0; i < 20_000; i++) {
      rows.push([0, [`c${i}`, `comment ${i} `.repeat(8 + (i % 7)), i / 7, Date.UTC(2024, 0, 1) + i * 60_000]]);
      if (i % 100 === 0) rows.push([1, [`t${i}`, `a thread title ${i}`, i]]);
    }
    const { bytes, takenBeforeFinish } = build(SHEETS, rows, { level: 1 }, 500);
    expect(takenBeforeFinish / bytes.length).toBeGreaterThan(0.9);
    // The threads sheet's rows are all in its entry, after the streamed sheet.
    const index = bytes.indexOf('xl/worksheets/sheet2.xml');
    expect(index).toBeGreaterThan(takenBeforeFinish);
  });
});

describe('Excel’s limits', () => {
  it('continues a full sheet on "name (2)", "name (3)"…, each with the header, in order; interleaved sheets keep their own rows', async () => {
    const sheets: XlsxSheet[] = [
      { name: 'comments', columns: COLUMNS },
      { name: 'threads', columns: THREAD_COLUMNS },
      { name: 'comments (2)', columns: THREAD_COLUMNS },
    ];
    const rows: Array<readonly [number, readonly XlsxCell[]]> = [];
    for (let i = 0; i < 11; i++) {
      rows.push([0, [`c${i}`, `text ${i}`, i, null]]);
      if (i % 2 === 0) rows.push([1, [`t${i}`, `title ${i}`, i]]);
    }
    rows.push([2, ['x', 'y', 1]]);
    const workbook = await load(build(sheets, rows, { maxRows: 5 }).bytes);
    // 4 data rows a sheet under the header; "comments (2)" is taken, so the continuations skip it.
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['comments', 'comments (3)', 'comments (4)', 'threads', 'threads (2)', 'comments (2)']);
    const ids = (sheet: ExcelJS.Worksheet) => cellsOf(sheet, 1).map((row) => row[0]![1]);
    expect(workbook.worksheets.map(ids)).toEqual([
      ['id', 'c0', 'c1', 'c2', 'c3'],
      ['id', 'c4', 'c5', 'c6', 'c7'],
      ['id', 'c8', 'c9', 'c10'],
      ['thread_id', 't0', 't2', 't4', 't6'],
      ['thread_id', 't8', 't10'],
      ['thread_id', 'x'],
    ]);
    const lastColumn: Record<string, string> = { comments: 'D', 'comments (3)': 'D', 'comments (4)': 'D', threads: 'C', 'threads (2)': 'C', 'comments (2)': 'C' };
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBe(`A1:${lastColumn[sheet.name]}${sheet.rowCount}`);
    }
  });

  it('cuts a continuation sheet’s name to 31 characters', async () => {
    const name = 'a sheet with a very long name!!';
    expect(name).toHaveLength(31);
    const workbook = await load(build([{ name, columns: THREAD_COLUMNS }], [[0, ['a']], [0, ['b']], [0, ['c']]], { maxRows: 2 }).bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([name, 'a sheet with a very long na (2)', 'a sheet with a very long na (3)']);
  });

  it('refuses names Excel refuses, and the same name twice', () => {
    for (const name of ['', 'a'.repeat(32), 'a/b', 'a[1]', "'quoted'", 'History']) expect(() => new XlsxWriter([{ name, columns: COLUMNS }])).toThrow(RangeError);
    expect(() => new XlsxWriter([{ name: 'Sheet', columns: COLUMNS }, { name: 'sheet', columns: COLUMNS }])).toThrow(RangeError);
  });

  it('cuts a text past 32,767 characters there, not inside a surrogate pair, and counts it', async () => {
    const long = 'x'.repeat(40_000);
    const split = 'y'.repeat(XLSX_MAX_TEXT - 1) + '😀' + 'z';
    const exact = 'w'.repeat(XLSX_MAX_TEXT);
    const { bytes, writer } = build([{ name: 'long', columns: THREAD_COLUMNS }], [[0, ['a', long, 1]], [0, ['b', split, 2]], [0, ['c', exact, 3]]]);
    expect(writer.truncated).toBe(2);
    const workbook = await load(bytes);
    const texts = cellsOf(workbook.worksheets[0]!, 2).slice(1).map((row) => row[1]![1]);
    expect(texts).toEqual([long.slice(0, XLSX_MAX_TEXT), split.slice(0, XLSX_MAX_TEXT - 1), exact]);
  });
});

describe('a sheet added late', () => {
  it('comes after the others, with its own rows, and its name must be new', async () => {
    const writer = new XlsxWriter([{ name: 'first', columns: COLUMNS }]);
    writer.row(0, ['one', 1, null]);
    const late = writer.addSheet({ name: 'late', columns: THREAD_COLUMNS });
    expect(late).toBe(1);
    expect(() => writer.addSheet({ name: 'FIRST', columns: COLUMNS })).toThrow(RangeError);
    writer.row(late, ['x', 'y', 2]);
    writer.row(0, ['two', 2, null]);
    const bytes = Buffer.concat([...writer.take(), ...writer.finish()]);
    expect(() => writer.addSheet({ name: 'after', columns: COLUMNS })).toThrow('finished');
    const workbook = await load(bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['first', 'late']);
    expect(cellsOf(workbook.worksheets[0]!, 1).map((row) => row[0]![1])).toEqual([COLUMNS[0]!.header, 'one', 'two']);
    expect(cellsOf(workbook.worksheets[1]!, 3)[1]!.map((cell) => cell[1])).toEqual(['x', 'y', 2]);
  });
});

describe('the pieces a worker could use', () => {
  it('escape only what needs it, and an underscore only where it would read as an escape', () => {
    expect(xlsxText('plain text')).toEqual({ xml: 'plain text', xEscaped: false, preserve: false });
    expect(xlsxText(' <a & b> ')).toEqual({ xml: ' &lt;a &amp; b&gt; ', xEscaped: false, preserve: true });
    expect(xlsxText('a\r\nb').xml).toBe('a&#13;\nb');
    expect(xlsxText('a\u0001b')).toMatchObject({ xml: 'a_x0001_b', xEscaped: true });
    expect(xlsxText('_x0041_x0042_').xml).toBe('_x005F_x0041_x005F_x0042_');
    expect(xlsxText('_x0041\u0001').xml).toBe('_x005F_x0041_x0001_');
    expect(xlsxText('_x004 _xyz0_ my_x').xml).toBe('_x004 _xyz0_ my_x');
    expect(xlsxText('\uD83D\uDE00 \uD83D \uDE00').xml).toBe('\uD83D\uDE00 _xD83D_ _xDE00_');
  });

  it('make a sheet’s rows from the first row number and the columns', () => {
    const { xml, truncated } = xlsxRows(COLUMNS, 7, [['a', 'b c', 1.5, Date.UTC(1970, 0, 2)], [null, ' x', Number.NaN]]);
    expect(truncated).toBe(0);
    expect(xml).toBe(
      '<row r="7"><c r="A7" t="inlineStr"><is><t>a</t></is></c><c r="B7" t="inlineStr"><is><t>b c</t></is></c><c r="C7"><v>1.5</v></c><c r="D7" s="2"><v>25570</v></c></row>' +
        '<row r="8"><c r="B8" t="inlineStr"><is><t xml:space="preserve"> x</t></is></c></row>',
    );
    expect([0, 25, 26, 701, 702, 16_383].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
  });
});

/** Any text: pieces that are escaped or that look like escapes, any UTF-16 code unit (lone surrogates too), any grapheme. */
const anyText = fc
  .array(
    fc.oneof(
      fc.constantFrom('_x0041_', '_x', '_X00e9_', '_', 'x0041_', '\r', '\n', '\r\n', '\t', ' ', '&', '<', '>', '"', "'", '\u0000', '\u0001', '\u001f', '\uD800', '\uDC00', '\uFFFE', '\uFFFF', '=', '😀'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

describe('any text', () => {
  it('reads back from exceljs as exactly the text written (an empty text as an empty cell)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 8 }), async (texts) => {
        const { bytes } = build([{ name: 'any', columns: THREAD_COLUMNS }], texts.map((text, i) => [0, [String(i), text, i]] as const));
        const rows = cellsOf((await load(bytes)).worksheets[0]!, 2).slice(1);
        expect(rows.map((row) => row[1])).toEqual(texts.map((text) => (text === '' ? [ExcelJS.ValueType.Null, null] : [ExcelJS.ValueType.String, text])));
      }),
      bounded(60_000, { numRuns: 150, seed: 11 }),
    );
  });

  it('escapes into text that XML 1.0 can hold, whatever the text', () => {
    const allowed = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
    fc.assert(
      fc.property(
        anyText,
        timed(1000, (text) => {
          const { xml } = xlsxText(text);
          expect(allowed.test(xml)).toBe(true);
          expect(xml).not.toMatch(/[<>\r]|&(?!amp;|lt;|gt;|#13;)/);
        }),
      ),
      bounded(30_000, { numRuns: 1000, seed: 12 }),
    );
  });
});

describe('LibreOffice', () => {
  const withLibreOffice = hasLibreOffice ? it : it.skip;
  withLibreOffice(
    'reads every sheet as written: converted headless to CSV, texts, numbers and times are what was given',
    () => {
      const dir = scratch('threadlens-xlsx-lo-');
      const file = path.join(dir, 'tricky.xlsx');
      // LibreOffice's CSV cannot hold a lone surrogate, and its cells keep line breaks as LF.
      const texts = TRICKY.filter((text) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text));
      const rows = texts.map((text, i) => [0, [`c${i + 1}`, text, NUMBERS[i % NUMBERS.length]!, TIMES[i % TIMES.length]!]] as const);
      const sheets: XlsxSheet[] = [
        { name: 'comments', columns: COLUMNS },
        { name: 'threads', columns: THREAD_COLUMNS },
      ];
      const { bytes } = build(sheets, [...rows, [1, ['t1', 'a title', 3]], [0, ['last', 'row', 1, null]]], { maxRows: texts.length });
      writeFileSync(file, bytes);
      const converted = path.join(dir, 'converted');
      const result = spawnSync(
        '/usr/bin/soffice',
        ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', converted, file],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.status, result.stderr).toBe(0);
      expect(readdirSync(converted).sort()).toEqual(['tricky-comments (2).csv', 'tricky-comments.csv', 'tricky-threads.csv']);
      const read = (name: string) => parseCsv(readFileSync(path.join(converted, name)), { columns: true, relax_column_count: true }) as Array<Record<string, string>>;
      const comments = read('tricky-comments.csv');
      expect(comments.map((row) => row['text'])).toEqual(texts.slice(0, texts.length - 1).map((text) => text.replace(/\r\n?/g, '\n')));
      expect(comments.map((row) => row['id'])).toEqual(texts.slice(0, texts.length - 1).map((_, i) => `c${i + 1}`));
      // Shown as LibreOffice shows them: numbers to 15 significant digits, times to the second.
      comments.forEach((row, i) => {
        const number = NUMBERS[i % NUMBERS.length]!;
        expect(Math.abs(Number(row['score']) - number)).toBeLessThanOrEqual(Math.abs(number) * 1e-14);
        expect(row['time']).toBe(new Date(Math.round(TIMES[i % TIMES.length]! / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' '));
      });
      expect(read('tricky-comments (2).csv').map((row) => row['id'])).toEqual([`c${texts.length}`, 'last']);
      expect(read('tricky-threads.csv')).toEqual([{ thread_id: 't1', title: 'a title', comments: '3' }]);
    },
    120_000,
  );
});
