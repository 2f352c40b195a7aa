import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateWxr } from '../bench/generate-wxr.js';
import { runCli } from './helpers.js';

const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

/** Texts a spreadsheet would turn into something else if it guessed their type. */
const TRICKY = ['3/4', '007', 'TRUE', '1e5', '12.5%', "=cmd|' /C calc'!A0", '@SUM(1+1)', 'what’s “this” — naïve', '  +44 20 7946 0958'];

async function load(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** Every cell of a sheet below its header, by column name. */
function rowsOf(sheet: ExcelJS.Worksheet): Array<Record<string, ExcelJS.Cell>> {
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, ExcelJS.Cell>> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    rows.push(Object.fromEntries(header.map((name, i) => [name, row.getCell(i + 1)])));
  });
  return rows;
}

describe('the workbook of a page with texts a spreadsheet would retype', () => {
  const dir = scratch('threadlens-xlsx-');
  const page = path.join(dir, 'tricky.txt');
  const out = path.join(dir, 'out');
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    writeFileSync(page, [`${TRICKY.length} COMMENTS`, '', ...TRICKY.flatMap((text, i) => [`  ${i + 1}. ${text}`, ''])].join('\n'));
    expect((await runCli(['analyse', page, '--out', out, '--quiet'])).code).toBe(0);
    workbook = await load(path.join(out, 'comments.xlsx'));
  });

  it('has the sheets comments, clusters and threads, each header frozen and filtered', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['comments', 'clusters', 'threads']);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
    }
  });

  it('gives every text back as the same text, every number as a number, and no formula anywhere', () => {
    const rows = rowsOf(workbook.getWorksheet('comments')!);
    expect(rows.map((row) => row['text']!.value)).toEqual(TRICKY.map((text) => text.trim()));
    for (const row of rows) {
      expect(row['text']!.type).toBe(ExcelJS.ValueType.String);
      expect(row['thread_id']!.value).toBe('tricky');
      expect(row['sentiment']!.type).toBe(ExcelJS.ValueType.Number);
      expect(row['depth']!.value).toBe(0);
      expect(row['line']!.type).toBe(ExcelJS.ValueType.Number);
    }
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('has the same rows as comments.csv', () => {
    const csv = parseCsv(readFileSync(path.join(out, 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    const rows = rowsOf(workbook.getWorksheet('comments')!);
    expect(rows.map((row) => row['comment_id']!.value)).toEqual(csv.map((row) => row['comment_id']));
    expect(rows.map((row) => row['sentiment']!.value)).toEqual(csv.map((row) => Number(row['sentiment'])));
  });

  const withLibreOffice = existsSync('/usr/bin/soffice') ? it : it.skip;
  withLibreOffice(
    'reads the same in LibreOffice: converted headless to CSV, each text is what was typed',
    () => {
      const converted = path.join(dir, 'converted');
      const result = spawnSync(
        '/usr/bin/soffice',
        ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1', '--outdir', converted, path.join(out, 'comments.xlsx')],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(result.status, result.stderr).toBe(0);
      const [name] = readdirSync(converted);
      const rows = parseCsv(readFileSync(path.join(converted, name!)), { columns: true }) as Array<Record<string, string>>;
      expect(rows.map((row) => row['text'])).toEqual(TRICKY.map((text) => text.trim()));
      expect(rows.map((row) => row['comment_id'])).toEqual(TRICKY.map((_, i) => `c${i + 1}`));
    },
    120_000,
  );
});

describe('a comment longer than a spreadsheet cell holds', () => {
  it('is cut in the workbook, with a warning naming it, and whole in comments.csv', async () => {
    const dir = scratch('threadlens-xlsx-long-');
    const page = path.join(dir, 'long.txt');
    const long = `Start ${'word '.repeat(8000)}end.`;
    writeFileSync(page, ['2 COMMENTS', '', `  1. ${long}`, '', '  2. A short one.', ''].join('\n'));
    const out = path.join(dir, 'out');
    const result = await runCli(['analyse', page, '--out', out, '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${path.join(out, 'comments.xlsx')}: 1 text was cut to a spreadsheet cell's limit of 32,767 characters; comments.csv has them whole [cell-text-cut]`);
    const csv = parseCsv(readFileSync(path.join(out, 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(csv[0]!['text']).toBe(long);
    const rows = rowsOf((await load(path.join(out, 'comments.xlsx'))).getWorksheet('comments')!);
    expect(rows[0]!['text']!.value).toBe(long.slice(0, 32_767));
    expect(rows[1]!['text']!.value).toBe('A short one.');
  });
});

describe('the workbook of an export with authors and times', () => {
  it('has an authors sheet, and each time as a date cell at the same instant', async () => {
    const dir = scratch('threadlens-xlsx-export-');
    const file = path.join(dir, 'export.xml');
    await generateWxr(file, 150_000, 3);
    const out = path.join(dir, 'out');
    expect((await runCli(['analyse', file, '--out', out, '--format', 'xlsx', '--quiet'])).code).toBe(0);
    expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual(['comments.xlsx']);
    const workbook = await load(path.join(out, 'comments.xlsx'));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['comments', 'clusters', 'authors', 'threads']);
    const json = await runCli(['analyse', file, '--out', path.join(dir, 'reports'), '--quiet']);
    expect(json.code).toBe(0);
    const csv = parseCsv(readFileSync(path.join(dir, 'reports', 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    const rows = rowsOf(workbook.getWorksheet('comments')!);
    expect(rows).toHaveLength(csv.length);
    const timed = rows.filter((row) => row['time']!.value !== null);
    expect(timed.length).toBeGreaterThan(0);
    rows.forEach((row, i) => {
      const time = csv[i]!['time']!;
      if (time === '') expect(row['time']!.value).toBeNull();
      else {
        expect(row['time']!.type).toBe(ExcelJS.ValueType.Date);
        expect((row['time']!.value as Date).getTime()).toBe(Date.parse(time));
      }
      expect(row['author']!.value).toBe(csv[i]!['author'] === '' ? null : csv[i]!['author']);
    });
    const threads = rowsOf(workbook.getWorksheet('threads')!);
    expect(threads.map((row) => row['thread_id']!.value)).toEqual([...new Set(csv.map((row) => row['thread_id']))]);
  }, 60_000);
});
