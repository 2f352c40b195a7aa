import { describe, expect, it } from 'vitest';
import { ThreadlensError, decodeText, parse } from '../src/index.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decoding the bytes of a page', () => {
  it('decodes valid UTF-8 without diagnostics and keeps a U+FFFD that was in the input', () => {
    expect(decodeText(utf8('caf\u00e9 \ufffd'), 'x.txt')).toEqual({ text: 'caf\u00e9 \ufffd', diagnostics: [] });
  });

  it('reads invalid UTF-8 as Windows-1252, never as U+FFFD, and says where', () => {
    const input = new Uint8Array([...utf8('1 COMMENT\n\n  1. na'), 0xef, 0x76, 0x65, 0x20, 0x93, 0x68, 0x69, 0x94, 0x0a]);
    const { text, diagnostics } = decodeText(input, 'x.txt');
    expect(text).toBe('1 COMMENT\n\n  1. na\u00efve \u201chi\u201d\n');
    expect(text).not.toContain('\ufffd');
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'invalid-utf8',
        message: 'expected UTF-8, found 3 invalid bytes (first at byte 19); decoded them as Windows-1252',
        line: 3,
        column: 8,
      },
    ]);
  });

  it('rejects truncated and overlong sequences and lone surrogates', () => {
    for (const sequence of [[0xe2, 0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80]]) {
      const { text, diagnostics } = decodeText(bytes(...sequence), 'x.txt');
      expect(text).not.toContain('\ufffd');
      expect(diagnostics[0]?.code).toBe('invalid-utf8');
    }
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const le = bytes(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00);
    const be = bytes(0xfe, 0xff, 0x00, 0x68, 0x00, 0x69);
    expect(decodeText(le, 'x').text).toBe('hi');
    expect(decodeText(be, 'x').text).toBe('hi');
  });

  it('refuses a binary file with an error naming it', () => {
    const error = (() => {
      try {
        parse(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00), { file: 'photo.png' });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ThreadlensError);
    expect(error).toMatchObject({ code: 'binary-input', file: 'photo.png' });
  });

  it('passes the invalid-utf8 warning on to the thread', () => {
    const thread = parse(bytes(0x31, 0x20, 0x43, 0x4f, 0x4d, 0x4d, 0x45, 0x4e, 0x54, 0x0a, 0x20, 0x20, 0x31, 0x2e, 0x20, 0xe9), { file: 'x.txt' });
    expect(thread.comments[0]!.text).toBe('\u00e9');
    expect(thread.diagnostics.map((diagnostic) => diagnostic.code)).toContain('invalid-utf8');
  });
});

describe('empty and near-empty input', () => {
  it.each([
    ['an empty file', ''],
    ['a BOM only', '\ufeff'],
    ['blank lines only', '\r\n\n\r  \n'],
  ])('%s gives an empty thread with a warning', (_name, text) => {
    const thread = parse(text, { file: 'empty.txt' });
    expect(thread.comments).toEqual([]);
    expect(thread.article.body).toBe('');
    expect(thread.diagnostics.map((diagnostic) => diagnostic.code)).toContain('empty-input');
  });
});

describe('decoding edge cases', () => {
  it('refuses a NUL byte anywhere in the file, not only near the start', () => {
    const input = new Uint8Array(200_000).fill(0x61);
    input[150_000] = 0;
    expect(() => decodeText(input, 'late-nul.txt')).toThrow(/NUL byte at byte 150001/);
  });

  it('warns when UTF-16 holds invalid code units instead of replacing them silently', () => {
    const { text, diagnostics } = decodeText(bytes(0xff, 0xfe, 0x41, 0x00, 0x42), 'odd.txt');
    expect(text).toBe('A\ufffd');
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['invalid-utf16']);
  });
});
