/** One line of the decoded text, with its indentation measured. */
export interface SourceLine {
  /** 1-based line number. */
  number: number;
  /** Indentation in columns: tabs advance to the next tab stop, zero-width characters count 0. */
  indent: number;
  /** Index in the raw line of the first character after the indentation (0-based). */
  contentStart: number;
  /** The line after its indentation, trailing whitespace removed; '' for a blank line. */
  content: string;
}

/**
 * Splits text into lines at CRLF, LF or a lone CR, drops a leading BOM, and
 * measures each line's indentation. Linear in the size of the text.
 */
export function splitLines(text: string, tabSize: number): SourceLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const raw = body.split(/\r\n|\r|\n/);
  // A final line break ends the last line; it does not start an empty one.
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const lines: SourceLine[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) lines[i] = measureLine(raw[i]!, i + 1, tabSize);
  return lines;
}

function measureLine(raw: string, number: number, tabSize: number): SourceLine {
  let indent = 0;
  let i = 0;
  for (; i < raw.length; i++) {
    const width = indentWidth(raw.charCodeAt(i), indent, tabSize);
    if (width < 0) break;
    indent += width;
  }
  return { number, indent, contentStart: i, content: raw.slice(i).trimEnd() };
}

/**
 * Columns a character adds to the indentation, or -1 if it ends the indentation.
 * Spaces of every width (NBSP, en/em spaces…) count 1; a tab moves to the next
 * tab stop; zero-width and bidi control characters count 0.
 */
function indentWidth(code: number, column: number, tabSize: number): number {
  switch (code) {
    case 0x20:
    case 0xa0:
    case 0x1680:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return 1;
    case 0x09:
      return tabSize - (column % tabSize);
    case 0x061c:
    case 0x180e:
    case 0x2060:
    case 0xfeff:
      return 0;
  }
  if (code >= 0x2000 && code <= 0x200a) return 1;
  if ((code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
    return 0;
  }
  return -1;
}
