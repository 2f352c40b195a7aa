import type { Diagnostic } from '../model/index.js';
import { ThreadlensError } from '../model/problem.js';

/** Windows-1252 characters for bytes 0x80–0x9F; the five holes stay C1 controls. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export interface DecodedText {
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * Turns the bytes of a file into text without ever inventing U+FFFD.
 *
 * UTF-8 is expected (a BOM is allowed; UTF-16 with a BOM is decoded too).
 * Bytes that are not valid UTF-8 are read as Windows-1252, the usual culprit,
 * and an `invalid-utf8` warning gives the place of the first one and how many
 * there were. A NUL byte anywhere means a binary file: that throws.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16('utf-16le', bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16('utf-16be', bytes);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ThreadlensError(
      'binary-input',
      `expected a text file, found a NUL byte at byte ${nul + 1}: this looks like a binary file`,
      { file },
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), diagnostics: [] };
  } catch {
    return decodeLenient(bytes);
  }
}

/**
 * UTF-16 has no byte-level fallback worth guessing: a lone surrogate or an odd
 * last byte becomes U+FFFD, and an `invalid-utf16` warning says so.
 */
function decodeUtf16(encoding: 'utf-16le' | 'utf-16be', bytes: Uint8Array): DecodedText {
  const body = bytes.subarray(2);
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(body), diagnostics: [] };
  } catch {
    return {
      text: new TextDecoder(encoding).decode(body),
      diagnostics: [
        {
          severity: 'warning',
          code: 'invalid-utf16',
          message: `expected ${encoding.toUpperCase()} (the file starts with its byte-order mark), found invalid code units; replaced them with U+FFFD`,
          line: null,
          column: null,
        },
      ],
    };
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if there is none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  let length: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [length, min] = [2, 0x80];
  else if (b0 >= 0xe0 && b0 <= 0xef) [length, min] = [3, 0x800];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [length, min] = [4, 0x10000];
  else return 0;
  if (i + length > bytes.length) return 0;
  let codePoint = b0 & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k]!;
    if ((b & 0xc0) !== 0x80) return 0;
    codePoint = (codePoint << 6) | (b & 0x3f);
  }
  if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return 0;
  return length;
}

function decodeLenient(bytes: Uint8Array): DecodedText {
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let runStart = 0;
  let invalidCount = 0;
  let firstInvalid: { line: number; column: number; byte: number } | null = null;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    if (runStart < i) parts.push(utf8.decode(bytes.subarray(runStart, i)));
    if (firstInvalid === null) {
      const before = parts.join('');
      const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
      const line = 1 + countLineBreaks(before);
      firstInvalid = { line, column: before.length - lastBreak, byte: i + 1 };
    }
    const b = bytes[i]!;
    parts.push(String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b));
    invalidCount++;
    i++;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(utf8.decode(bytes.subarray(runStart)));
  const where = firstInvalid!;
  return {
    text: parts.join(''),
    diagnostics: [
      {
        severity: 'warning',
        code: 'invalid-utf8',
        message:
          `expected UTF-8, found ${invalidCount} invalid byte${invalidCount === 1 ? '' : 's'} ` +
          `(first at byte ${where.byte}); decoded them as Windows-1252`,
        line: where.line,
        column: where.column,
      },
    ],
  };
}

/** Counts line breaks the way the parser splits lines: CRLF, LF and lone CR. */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d) {
      count++;
      if (text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return count;
}
