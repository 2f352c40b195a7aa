import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyseRun, neutraliseCell, parse, renderCommentsCsv, renderThreadReport, snapshotOf } from '../src/index.js';
import { csvRows, stringifyCsv } from '../src/report/csv.js';
import { bounded, timed } from './property.js';

/** Per case: a case that takes longer than this fails the property (hang detection, not a speed target). */
const CASE_LIMIT = 2000;
/** The whole property: stopping after this long counts as a failure. */
const TOTAL_LIMIT = 60_000;

/** Lines that look like a UKDJ dump, mixed with anything at all. */
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
const dumpLine = fc.oneof(
  fc.constant(''),
  fc.constant('12 COMMENTS'),
  fc.constant('LEAVE A REPLY'),
  fc.tuple(fc.integer({ min: 0, max: 6 }), anyText).map(([depth, text]) => `${' '.repeat(2 + 2 * depth)}• ${text}`),
  fc.tuple(fc.integer({ min: 1, max: 30 }), anyText).map(([n, text]) => `  ${n}. ${text}`),
  fc.tuple(fc.integer({ min: 0, max: 10 }), anyText).map(([indent, text]) => `${' '.repeat(indent)}${text}`),
  anyText,
);
const dump = fc.tuple(fc.array(dumpLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, end]) => lines.join(end));

const nonSpace = (text: string): number => [...text].filter((char) => !/[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c\u180e]/u.test(char)).length;

describe('the parser on any text', () => {
  it('never throws, keeps positions inside the input, and accounts for every character in the article, its omitted lines or the comments', () => {
    fc.assert(
      fc.property(dump, timed(CASE_LIMIT, (text) => {
        const thread = parse(text, { file: 'any.txt' });
        const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
        for (const comment of thread.comments) {
          expect(comment.line).toBeGreaterThanOrEqual(1);
          expect(comment.line).toBeLessThanOrEqual(lines.length);
          expect(comment.column).toBeGreaterThanOrEqual(1);
          expect(comment.column).toBeLessThanOrEqual(lines[comment.line - 1]!.length + 1);
          expect(comment.endLine).toBeGreaterThanOrEqual(comment.line);
        }
        for (const diagnostic of thread.diagnostics) if (diagnostic.line !== null) expect(diagnostic.line).toBeLessThanOrEqual(lines.length);
        // Above the comments, every line is in the article's body or among its omitted lines (headline, furniture…).
        const count = thread.article.sources.declaredCommentCount?.line;
        const above = lines.slice(0, count === undefined || count === null ? lines.length : count - 1);
        const omitted = new Set(thread.article.omittedLines);
        const kept = above.filter((line, i) => line.trim() !== '' && !omitted.has(i + 1));
        expect(nonSpace(thread.article.body)).toBe(kept.reduce((sum, line) => sum + nonSpace(line), 0));
        // Every non-space character between the count line and the reply form is in exactly one comment,
        // in a comment's marker, or in a line reported as stray text.
        if (count === undefined || count === null) return;
        const end = lines.findIndex((line, i) => i >= count && /^\s*leave a (?:reply|comment)(?:\s+cancel reply)?\s*$/i.test(line.replace(/^[\s\u00a0\u200b-\u200f]+/, '')));
        const section = lines.slice(count, end === -1 ? lines.length : end);
        const markers = thread.comments.reduce((sum, comment) => sum + nonSpace(/^\s*(?:\d+[.)]|[•◦▪*-])/u.exec(lines[comment.line - 1]!)?.[0] ?? ''), 0);
        const stray = thread.diagnostics.filter((d) => d.code === 'stray-text').reduce((sum, d) => sum + nonSpace(lines[d.line! - 1]!), 0);
        const inComments = thread.comments.reduce((sum, comment) => sum + nonSpace(comment.text), 0);
        expect(inComments + markers + stray).toBe(section.reduce((sum, line) => sum + nonSpace(line), 0));
      })),
      bounded(TOTAL_LIMIT, { numRuns: 300, seed: 8 }),
    );
  });
});

/** Comment text with everything a spreadsheet or a Markdown renderer might act on. */
const hostileText = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '|', '<', '>', '<script>', '[a](b)', '![i](x)', '`', '**', '_', '#', '\uff1d', '\u3000', ' ', 'http://x.example', '@user', '"', ',', "'")), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  .filter((text) => text.trim() !== '' && !/[\r\n]/.test(text.trim().slice(0, 1)));

describe('the writers on any comment text', () => {
  it('CSV re-parses to the same text with no live formula; Markdown keeps table shapes and no raw HTML', () => {
    fc.assert(
      fc.property(hostileText, hostileText, timed(CASE_LIMIT, (first, second) => {
        const indentLines = (text: string, indent: string) => text.split(/\r\n|\r|\n/).map((line, i) => (i === 0 ? line : `${indent}${line.replace(/^\s+/, '')}`)).join('\n');
        const page = `2 COMMENTS\n\n  1. ${indentLines(first, '    ')}\n\n    • ${indentLines(second, '      ')}\n\nLEAVE A REPLY\n`;
        const thread = parse(page, { file: 'hostile.txt' });
        const run = analyseRun([thread], { extraClusters: 0 });
        const rows = parseCsv(renderCommentsCsv(run), { columns: true, relax_quotes: false }) as Array<Record<string, string>>;
        expect(rows).toHaveLength(thread.comments.length);
        rows.forEach((row, i) => {
          expect(row['text']).not.toMatch(/^[\s\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/);
          expect(row['text']).toBe(neutraliseCell(thread.comments[i]!.text));
          if (row['text'] !== thread.comments[i]!.text) expect(row['text']).toBe(`'${thread.comments[i]!.text}`);
        });
        const report = renderThreadReport(snapshotOf(run, run.threads[0]!));
        expect(report).not.toMatch(/(?<!\\)<[a-z/!]/i);
        const blocks = report.split(/\n\n/).filter((block) => block.startsWith('| '));
        for (const block of blocks) {
          const widths = block.split('\n').map((line) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length);
          expect(new Set(widths).size).toBe(1);
        }
      })),
      bounded(TOTAL_LIMIT, { numRuns: 150, seed: 9 }),
    );
  });
});

describe('the comments rows of comments.csv', () => {
  it('are the bytes csv-stringify writes for the same records (csvRows)', () => {
    const columns = ['a', 'b', 'c', 'd'];
    const cell = fc.oneof(hostileText, fc.constant(''), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(-0));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell, cell), { maxLength: 5 }), (rows) => {
        const records = rows.map((row) => Object.fromEntries(columns.map((column, c) => [column, row[c]!])));
        expect(csvRows(records, columns)).toBe(stringifyCsv(records, columns, {}, false));
      }),
      { numRuns: 500, seed: 10 },
    );
  });
});

describe('the time limits of these properties', () => {
  it('fail a property whose case runs past its limit, though the body is synchronous', () => {
    const slow = (): void => {
      const until = performance.now() + 300;
      while (performance.now() < until);
    };
    let failure: unknown = null;
    try {
      fc.assert(fc.property(fc.integer(), timed(50, slow)), bounded(TOTAL_LIMIT, { numRuns: 2, seed: 1 }));
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error & { cause?: Error })?.cause?.message)).toMatch(/over its limit of 50 ms/);
  });

  it('fail a property that runs past its total limit', () => {
    const slow = (): void => {
      const until = performance.now() + 30;
      while (performance.now() < until);
    };
    expect(() => fc.assert(fc.property(fc.integer(), timed(1000, slow)), bounded(100, { numRuns: 50, seed: 1 }))).toThrow(/interrupted/);
  });
});
