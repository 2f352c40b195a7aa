/**
 * A small XLSX (SpreadsheetML) writer: synchronous, piece by piece, on
 * node:zlib alone, so a workbook can be made inside the same synchronous pass
 * that makes the other outputs. A row is one string put together from
 * templates worked out once per column, where exceljs looks up a style per
 * cell and builds its XML node by node: about a sixth of exceljs's time for a
 * comments row, most of what is left being deflate (see DEFAULT_LEVEL).
 *
 * Cells are typed by the caller, never guessed: a number is a number cell, a
 * number in a date column is a time (epoch milliseconds, UTC) written as a date
 * cell, a string is a text cell (so "3/4", "007", "TRUE", "1e5" and "=cmd" stay
 * texts, and there is never a formula), null is an empty cell.
 *
 * Each sheet has a bold header row, frozen, with filters over the sheet's rows,
 * and its column widths. Excel's limits are kept: a sheet that reaches
 * 1,048,576 rows goes on in a new sheet, "name (2)", under the same header; a
 * text longer than 32,767 characters is cut there (and counted).
 *
 * Texts are inline strings, so no table of every text waits for the end. XML
 * 1.0 cannot hold some characters (C0 controls but tab, LF and CR; lone
 * surrogates; U+FFFE, U+FFFF): those are written with Excel's `_xHHHH_` escape,
 * and a `_xHHHH_` already in a text is kept from being read as one by writing
 * its underscore as `_x005F_`. exceljs undoes that escape only in the shared
 * strings table, not in inline strings, so the (rare) texts that need it go in
 * a shared strings table instead; Excel and LibreOffice read both ways. CR is
 * written `&#13;`, which every XML parser gives back (a literal CR would be
 * read as LF).
 *
 * The first sheet's rows are streamed: their compressed bytes can be taken as
 * soon as a piece of them is made, so memory stays bounded whatever the row
 * count. Rows of the other sheets may come interleaved with the first sheet's
 * (all sheets are made in one pass); they are held compressed until `finish`,
 * which writes them, the parts that name the sheets, and the zip's directory.
 * The same rows give the same bytes: every date in the package is fixed.
 *
 * The zip container: see the note above `ZipOut`.
 */
import { Buffer } from 'node:buffer';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface XlsxColumn {
  header: string;
  /** Width in Excel's units (characters of the default font). */
  width: number;
  /** Numbers in this column are times in epoch milliseconds (UTC), written as dates. */
  date?: boolean;
}

/**
 * A cell: a number is a number cell (NaN and ±Infinity are empty); in a date
 * column a number is a time in epoch milliseconds (UTC) written as a date cell;
 * a string is a text cell (never a formula, never re-typed; "" is empty); null
 * is an empty cell.
 */
export type XlsxCell = string | number | null;

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
}

export interface XlsxOptions {
  /** Deflate level, 0 to 9; see DEFAULT_LEVEL. */
  level?: number;
  /** Rows per sheet, header included, before the rows go on in a new sheet: Excel's limit unless lower. */
  maxRows?: number;
  /** Characters of XML compressed at a time; see PIECE_SIZE. */
  pieceSize?: number;
  /** 'always' writes the ZIP64 records even when nothing needs them (to check readers on small files). */
  zip64?: 'auto' | 'always';
}

/** Excel's limits. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_COLUMNS = 16_384;
export const XLSX_MAX_TEXT = 32_767;
const MAX_SHEET_NAME = 31;

/**
 * Level 1. Measured on 100,000 rows shaped like the comments sheet (19
 * columns, a ~400-character text: 125 MB of XML) on one core of the 2-core
 * bench machine (shared, so ±15%): the whole writer (medians of 5), and
 * deflate alone (CPU time for the 125 MB, median of 7):
 *
 *   level 1   43,600 rows/s   deflate 1.15 s   32.8 MB
 *   level 2   37,300 rows/s   deflate 1.36 s   31.6 MB
 *   level 3   33,100 rows/s   deflate 1.55 s   30.7 MB
 *   level 4   33,500 rows/s   deflate 1.92 s   30.1 MB
 *   level 5   26,900 rows/s   deflate 2.49 s   28.8 MB
 *   level 6   24,900 rows/s   deflate 2.81 s   28.7 MB
 *   exceljs's streaming writer: 7,500 rows/s, 32.0 MB
 *
 * Deflate is half the time at level 1 (zlib takes this XML at ~110 MB/s, the
 * texts in it at ~65 MB/s), and each level above buys 4 to 13% of size for
 * 18 to 140% more deflating; a file the size exceljs's was is worth more than
 * a few megabytes saved.
 */
export const DEFAULT_LEVEL = 1;
/**
 * Characters of XML compressed in one call. Each piece starts a fresh deflate
 * window, so pieces much smaller than this compress worse; larger ones gain
 * little and hold more at a time.
 */
const PIECE_SIZE = 256 * 1024;

/** Excel's serial date of the Unix epoch (1970-01-01), in the 1900 date system. */
const EPOCH_SERIAL = 25_569;
const DAY_MS = 86_400_000;
/**
 * Times Excel can show as dates: from 1900-03-01 (before it, Excel's serial
 * dates count a 29 February 1900 that never was) to the end of 9999. Others
 * are written as text, in ISO 8601, so they are not lost.
 */
const FIRST_DATE_MS = Date.UTC(1900, 2, 1);
const END_DATE_MS = Date.UTC(10_000, 0, 1);

/** Ids of the cell formats in styles.xml. */
const STYLE_HEADER = 1;
const STYLE_DATE = 2;

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

// ---------------------------------------------------------------------------
// Texts

/**
 * A quick test: could the text need any escape at all? A character outside
 * those that never need one (so a surrogate pair, an underscore, `& < >`, CR
 * or a control character) sends the text to ESCAPE. Most texts pass untouched.
 */
const MAY_NEED_ESCAPE = /[^\t\n !-%'-;=?-^`-\uD7FF\uE000-\uFFFD]/;
/**
 * What is escaped: XML's specials; CR (as `&#13;`); characters XML 1.0 cannot
 * hold (as `_xHHHH_`); and an underscore that, with what follows it as
 * written, would read as a `_xHHHH_` escape. What follows may itself be
 * escaped ("_x0041" then U+0001 is written "_x0041_x0001_"), hence the
 * escapable characters beside the underscore in the look-ahead.
 */
const ESCAPE =
  /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}(?:[_\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])))/g;

/** Set by `escapeChar` when a text needed Excel's `_xHHHH_` escape (read after each `replace`). */
let usedXEscape = false;

function escapeChar(char: string): string {
  switch (char) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '\r':
      return '&#13;';
    case '_':
      usedXEscape = true;
      return '_x005F_';
    default:
      usedXEscape = true;
      return `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
}

/** XML whitespace at either end, or a line break: the text needs `xml:space="preserve"`. */
function needsPreserve(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || first === 10 || first === 13 || last === 32 || last === 9 || last === 10 || last === 13 || text.includes('\n') || text.includes('\r');
}

/** The text cut to Excel's limit, without splitting a surrogate pair. */
function cutText(text: string): string {
  const end = XLSX_MAX_TEXT - (isHighSurrogate(text.charCodeAt(XLSX_MAX_TEXT - 1)) && isLowSurrogate(text.charCodeAt(XLSX_MAX_TEXT)) ? 1 : 0);
  return text.slice(0, end);
}
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * A text as the content of a `<t>` element. `xEscaped`: it needed Excel's
 * `_xHHHH_` escape, so readers must decode it (exceljs does only in the
 * shared strings table).
 */
export function xlsxText(text: string): { xml: string; xEscaped: boolean; preserve: boolean } {
  usedXEscape = false;
  const xml = MAY_NEED_ESCAPE.test(text) ? text.replace(ESCAPE, escapeChar) : text;
  return { xml, xEscaped: usedXEscape, preserve: needsPreserve(text) };
}

/** An attribute value or element text outside cells (sheet names): XML's specials only. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;'));
}

// ---------------------------------------------------------------------------
// Rows

/** Takes a text that needs the shared strings table (its `<t>` content) and gives its index there. */
export type SharedText = (xml: string, preserve: boolean) => number;

/**
 * Makes the XML of a sheet's rows, given its columns; no state but the count
 * of cut texts, so it can run anywhere (a worker making a sheet's rows, say).
 * Without `shared`, texts needing the `_xHHHH_` escape stay inline (still
 * right for Excel and LibreOffice).
 */
export class XlsxRowEncoder {
  /** Texts cut to Excel's limit so far. */
  truncated = 0;
  /** Per column, a cell's opening up to its row number: `<c r="B`. */
  private readonly opens: string[];
  private readonly dates: boolean[];
  private readonly headers: readonly string[];

  constructor(columns: readonly XlsxColumn[], private readonly shared?: SharedText) {
    if (columns.length === 0 || columns.length > XLSX_MAX_COLUMNS) throw new RangeError(`a sheet has 1 to ${XLSX_MAX_COLUMNS} columns, not ${columns.length}`);
    this.opens = columns.map((_, i) => `<c r="${columnName(i)}`);
    this.dates = columns.map((column) => column.date === true);
    this.headers = columns.map((column) => column.header);
  }

  get columnCount(): number {
    return this.opens.length;
  }

  /** The header row (row 1): each header a bold text. */
  header(): string {
    let xml = '<row r="1">';
    for (let i = 0; i < this.headers.length; i++) {
      const header = this.headers[i]!;
      if (header !== '') xml += this.text(i, '1', ` s="${STYLE_HEADER}"`, header);
    }
    return xml + '</row>';
  }

  /** Row `r` (1-based) of these cells; cells past the last column are an error, missing ones are empty. */
  row(r: number, cells: readonly XlsxCell[]): string {
    if (cells.length > this.opens.length) throw new RangeError(`a row of ${cells.length} cells in a sheet of ${this.opens.length} columns`);
    const n = String(r);
    let xml = '<row r="' + n + '">';
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i];
      if (value === null || value === undefined) continue;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) continue;
        if (!this.dates[i]) xml += this.opens[i]! + n + '"><v>' + String(value) + '</v></c>';
        else if (value >= FIRST_DATE_MS && value < END_DATE_MS) xml += this.opens[i]! + n + '" s="' + STYLE_DATE + '"><v>' + String(value / DAY_MS + EPOCH_SERIAL) + '</v></c>';
        else xml += this.text(i, n, '', new Date(value).toISOString());
      } else if (value !== '') xml += this.text(i, n, '', value);
    }
    return xml + '</row>';
  }

  /** The XML of rows numbered from `first`. */
  rows(first: number, rows: ReadonlyArray<readonly XlsxCell[]>): string {
    let xml = '';
    for (let i = 0; i < rows.length; i++) xml += this.row(first + i, rows[i]!);
    return xml;
  }

  private text(i: number, n: string, style: string, text: string): string {
    if (text.length > XLSX_MAX_TEXT) {
      text = cutText(text);
      this.truncated++;
    }
    usedXEscape = false;
    const xml = MAY_NEED_ESCAPE.test(text) ? text.replace(ESCAPE, escapeChar) : text;
    const preserve = needsPreserve(text);
    if (usedXEscape && this.shared !== undefined) return this.opens[i]! + n + '"' + style + ' t="s"><v>' + this.shared(xml, preserve) + '</v></c>';
    return this.opens[i]! + n + '"' + style + (preserve ? ' t="inlineStr"><is><t xml:space="preserve">' : ' t="inlineStr"><is><t>') + xml + '</t></is></c>';
  }
}

/** The XML of rows numbered from `first` in a sheet of these columns (see XlsxRowEncoder). */
export function xlsxRows(columns: readonly XlsxColumn[], first: number, rows: ReadonlyArray<readonly XlsxCell[]>, shared?: SharedText): { xml: string; truncated: number } {
  const encoder = new XlsxRowEncoder(columns, shared);
  const xml = encoder.rows(first, rows);
  return { xml, truncated: encoder.truncated };
}

/** A sheet part's XML up to and including its header row. */
export function xlsxSheetHead(columns: readonly XlsxColumn[], encoder: XlsxRowEncoder, selected: boolean): string {
  let cols = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const width = Number.isFinite(column.width) && column.width > 0 ? Math.min(column.width, 255) : 10;
    cols += `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"${column.date === true ? ` style="${STYLE_DATE}"` : ''}/>`;
  }
  return (
    XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    '<sheetData>' +
    encoder.header()
  );
}

/** The range the header's filters cover: the header and the rows under it. */
function filterRange(columnCount: number, rows: number): string {
  return `A1:${columnName(columnCount - 1)}${Math.max(rows, 1)}`;
}

/** A sheet part's XML after its last row. */
export function xlsxSheetTail(columnCount: number, rows: number): string {
  return `</sheetData><autoFilter ref="${filterRange(columnCount, rows)}"/></worksheet>`;
}

// ---------------------------------------------------------------------------
// The zip container
//
// Every entry is deflated; each piece of XML on its own, ending with a sync
// flush (so the pieces join into one deflate stream), and the entry with an
// empty final block. Entries whose bytes are all at hand when written carry
// their sizes and CRC in the local header. Streamed entries (the first sheet)
// cannot: they set bit 3, leave those fields 0, and follow their data with a
// data descriptor. That descriptor always has 8-byte sizes (ZIP64), since an
// entry's size is not known when it starts and a million-row sheet can pass
// 4 GB; the local header then says version 4.5 and has no extra field. That
// is the form Excel opens without asking to repair: Excel judges the
// descriptor's size fields by the local header's version (a ZIP64 descriptor
// after a version 2.0 header makes it repair a file past 4 GB), and a ZIP64
// extra field in the local header with the sizes left unknown has been seen
// to make it refuse a file. LibreOffice reads descriptors the same way
// (version 4.5 means 8-byte sizes); Python's zipfile, Info-ZIP's unzip and
// exceljs read the central directory. (A reader going front to back by the
// letter of APPNOTE, where only a ZIP64 extra field means 8-byte sizes, would
// misread it; spreadsheet readers go by the central directory.) The
// central directory gives an entry a ZIP64 extra field when its sizes or its
// offset pass 0xFFFFFFFF, with both sizes in it (LibreOffice reads the field's
// values in order without looking at which were needed); the ZIP64 end records
// are written when the directory's offset, size or entry count need them.
// Every entry is dated 2000-01-01 00:00 (DOS time).

const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const U32_MAX = 0xffff_ffff;
const U16_MAX = 0xffff;
const VERSION_20 = 20;
const VERSION_45 = 45;
const FLAG_DESCRIPTOR = 0x0008;
const METHOD_DEFLATE = 8;
/** An empty final block (fixed Huffman, end of block only): ends an entry's deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

interface CentralRecord {
  name: Buffer;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
  /** Sizes and CRC in a data descriptor after the data, not in the local header. */
  described: boolean;
}

function writeU64(buffer: Buffer, value: number, at: number): void {
  buffer.writeUInt32LE(value >>> 0, at);
  buffer.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

/** The zip's bytes as they are made: `pending` until taken, `offset` counting all of them. */
class ZipOut {
  pending: Buffer[] = [];
  offset = 0;
  private readonly records: CentralRecord[] = [];

  constructor(private readonly forceZip64: boolean) {}

  push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.offset += bytes.length;
  }

  /** An entry whose compressed bytes (final block included) are all at hand. */
  whole(path: string, chunks: readonly Buffer[], crc: number, size: number, compressed: number): void {
    const name = Buffer.from(path, 'utf8');
    const described = size >= U32_MAX || compressed >= U32_MAX;
    const record: CentralRecord = { name, crc, size, compressed, offset: this.offset, described };
    this.push(this.localHeader(record));
    for (const chunk of chunks) this.push(chunk);
    if (described) this.push(descriptor(record));
    this.records.push(record);
  }

  /** An XML part made whole. */
  part(path: string, xml: string, level: number): void {
    const bytes = Buffer.from(xml, 'utf8');
    const compressed = deflateRawSync(bytes, { level });
    this.whole(path, [compressed], crc32(bytes), bytes.length, compressed.length);
  }

  /** Starts a streamed entry: its local header; then its data is pushed, then `endStream`. */
  beginStream(path: string): CentralRecord {
    const record: CentralRecord = { name: Buffer.from(path, 'utf8'), crc: 0, size: 0, compressed: 0, offset: this.offset, described: true };
    this.push(this.localHeader(record));
    return record;
  }

  endStream(record: CentralRecord, crc: number, size: number, compressed: number): void {
    record.crc = crc;
    record.size = size;
    record.compressed = compressed;
    this.push(descriptor(record));
    this.records.push(record);
  }

  /** The central directory and the end records. */
  end(): void {
    const start = this.offset;
    for (const record of this.records) this.push(this.centralHeader(record));
    const size = this.offset - start;
    const count = this.records.length;
    const zip64 = this.forceZip64 || count >= U16_MAX || size >= U32_MAX || start >= U32_MAX;
    if (zip64) {
      const end64 = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      writeU64(record, 44, 4);
      record.writeUInt16LE(VERSION_45, 12);
      record.writeUInt16LE(VERSION_45, 14);
      // disk numbers (16, 20): 0
      writeU64(record, count, 24);
      writeU64(record, count, 32);
      writeU64(record, size, 40);
      writeU64(record, start, 48);
      this.push(record);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      writeU64(locator, end64, 8);
      locator.writeUInt32LE(1, 16);
      this.push(locator);
    }
    // With the ZIP64 records, this record's fields all say "see ZIP64": some
    // readers (JSZip) look for those records only when a field does.
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? U16_MAX : count, 8);
    end.writeUInt16LE(zip64 ? U16_MAX : count, 10);
    end.writeUInt32LE(zip64 ? U32_MAX : size, 12);
    end.writeUInt32LE(zip64 ? U32_MAX : start, 16);
    this.push(end);
  }

  private needsZip64(record: CentralRecord): boolean {
    return this.forceZip64 || record.size >= U32_MAX || record.compressed >= U32_MAX || record.offset >= U32_MAX;
  }

  /** Version 4.5 wherever ZIP64 touches the entry (its descriptor or its directory record), as Excel wants. */
  private version(record: CentralRecord): number {
    return record.described || this.needsZip64(record) ? VERSION_45 : VERSION_20;
  }

  private localHeader(record: CentralRecord): Buffer {
    const header = Buffer.alloc(30 + record.name.length);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(this.version(record), 4);
    header.writeUInt16LE(record.described ? FLAG_DESCRIPTOR : 0, 6);
    header.writeUInt16LE(METHOD_DEFLATE, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    if (!record.described) {
      header.writeUInt32LE(record.crc, 14);
      header.writeUInt32LE(record.compressed, 18);
      header.writeUInt32LE(record.size, 22);
    }
    header.writeUInt16LE(record.name.length, 26);
    record.name.copy(header, 30);
    return header;
  }

  private centralHeader(record: CentralRecord): Buffer {
    const zip64 = this.needsZip64(record);
    const offset64 = zip64 && (this.forceZip64 || record.offset >= U32_MAX);
    const extra = zip64 ? 4 + 16 + (offset64 ? 8 : 0) : 0;
    const header = Buffer.alloc(46 + record.name.length + extra);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(VERSION_45, 4);
    header.writeUInt16LE(this.version(record), 6);
    header.writeUInt16LE(record.described ? FLAG_DESCRIPTOR : 0, 8);
    header.writeUInt16LE(METHOD_DEFLATE, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(record.crc, 16);
    header.writeUInt32LE(zip64 ? U32_MAX : record.compressed, 20);
    header.writeUInt32LE(zip64 ? U32_MAX : record.size, 24);
    header.writeUInt16LE(record.name.length, 28);
    header.writeUInt16LE(extra, 30);
    // comment length, disk, internal and external attributes (32-41): 0
    header.writeUInt32LE(offset64 ? U32_MAX : record.offset, 42);
    record.name.copy(header, 46);
    if (zip64) {
      const at = 46 + record.name.length;
      header.writeUInt16LE(0x0001, at);
      header.writeUInt16LE(extra - 4, at + 2);
      writeU64(header, record.size, at + 4);
      writeU64(header, record.compressed, at + 12);
      if (offset64) writeU64(header, record.offset, at + 20);
    }
    return header;
  }
}

/** A data descriptor with 8-byte sizes. */
function descriptor(record: CentralRecord): Buffer {
  const bytes = Buffer.alloc(24);
  bytes.writeUInt32LE(0x08074b50, 0);
  bytes.writeUInt32LE(record.crc, 4);
  writeU64(bytes, record.compressed, 8);
  writeU64(bytes, record.size, 16);
  return bytes;
}

// ---------------------------------------------------------------------------
// The workbook

/** One sheet part (a sheet as Excel sees it): a logical sheet's rows up to Excel's limit. */
interface Part {
  readonly name: string;
  /** Rows written, header included. */
  rows: number;
  /** XML not yet compressed, and its length in characters. */
  xml: string[];
  chars: number;
  crc: number;
  size: number;
  compressed: number;
  /** Compressed pieces held until `finish`; null when streamed. */
  readonly held: Buffer[] | null;
  /** The streamed entry, when streamed. */
  readonly entry: CentralRecord | null;
  /** Its zip path, once known. */
  path: string;
}

interface Sheet {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly encoder: XlsxRowEncoder;
  readonly parts: Part[];
}

const CORE_XML =
  XML_HEAD +
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<dc:creator>threadlens</dc:creator><cp:lastModifiedBy>threadlens</cp:lastModifiedBy>' +
  '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>' +
  '</cp:coreProperties>';

const APP_XML =
  XML_HEAD +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>threadlens</Application></Properties>';

const ROOT_RELS =
  XML_HEAD +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

/** Cell formats: 0 default, 1 bold (the header), 2 date and time. */
const STYLES_XML =
  XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
  '</styleSheet>';

const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** Characters Excel refuses in a sheet name, and what XML cannot hold. */
const BAD_SHEET_NAME = /[[\]:*?/\\\u0000-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > MAX_SHEET_NAME || BAD_SHEET_NAME.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
    throw new RangeError(`${JSON.stringify(name)} cannot be a sheet's name in Excel`);
  }
}

/** A sheet name quoted for a formula: 'it''s'. */
const quotedSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/**
 * Writes an XLSX workbook piece by piece: rows with `row`, bytes with `take`
 * (as often as wanted) and, at the end, `finish`. Write the bytes in the
 * order given. Bytes not taken stay in memory, so take them as you go.
 */
export class XlsxWriter {
  private readonly zip: ZipOut;
  private readonly level: number;
  private readonly maxRows: number;
  private readonly pieceSize: number;
  private readonly sheets: Sheet[];
  /** Every sheet name so far, lower-cased, to keep new ones unique. */
  private readonly names = new Set<string>();
  /** The shared strings table: only texts that need the `_xHHHH_` escape (see the module's note). */
  private readonly strings: Part;
  private stringCount = 0;
  private streamedParts = 0;
  private finished = false;

  constructor(sheets: readonly XlsxSheet[], options: XlsxOptions = {}) {
    const level = options.level ?? DEFAULT_LEVEL;
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError(`deflate level ${level}: 0 to 9`);
    const maxRows = options.maxRows ?? XLSX_MAX_ROWS;
    if (!Number.isInteger(maxRows) || maxRows < 2 || maxRows > XLSX_MAX_ROWS) throw new RangeError(`maxRows ${maxRows}: 2 to ${XLSX_MAX_ROWS}`);
    if (sheets.length === 0) throw new RangeError('a workbook has at least one sheet');
    this.level = level;
    this.maxRows = maxRows;
    this.pieceSize = Math.max(1, options.pieceSize ?? PIECE_SIZE);
    this.zip = new ZipOut(options.zip64 === 'always');

    for (const { name } of sheets) this.claimName(name);
    this.sheets = sheets.map(({ name, columns }) => ({ name, columns, encoder: new XlsxRowEncoder(columns, this.shared), parts: [] }));
    this.strings = { name: '', rows: 0, xml: [XML_HEAD + `<sst xmlns="${NS_MAIN}">`], chars: 1, crc: 0, size: 0, compressed: 0, held: [], entry: null, path: 'xl/sharedStrings.xml' };

    // The parts known now come first; `_rels/.rels` then an `xl/` part is
    // the order file-type sniffers (libmagic) look for in an OOXML package.
    this.zip.part('_rels/.rels', ROOT_RELS, level);
    this.zip.part('xl/styles.xml', STYLES_XML, level);
    this.zip.part('docProps/core.xml', CORE_XML, level);
    this.zip.part('docProps/app.xml', APP_XML, level);
    this.sheets.forEach((sheet, i) => this.newPart(sheet, i === 0, sheet.name));
  }

  /**
   * Adds a sheet after those there are (held until `finish`, as every sheet
   * but the first is), for rows known only later; its index for `row`.
   */
  addSheet({ name, columns }: XlsxSheet): number {
    if (this.finished) throw new Error('the workbook is finished');
    this.claimName(name);
    const sheet: Sheet = { name, columns, encoder: new XlsxRowEncoder(columns, this.shared), parts: [] };
    this.sheets.push(sheet);
    this.newPart(sheet, false, name);
    return this.sheets.length - 1;
  }

  private readonly shared: SharedText = (xml, preserve) => this.share(xml, preserve);

  private claimName(name: string): void {
    checkSheetName(name);
    const key = name.toLowerCase();
    if (this.names.has(key)) throw new RangeError(`two sheets named ${JSON.stringify(name)}`);
    this.names.add(key);
  }

  /** Texts cut to Excel's 32,767-character limit so far. */
  get truncated(): number {
    let count = 0;
    for (const sheet of this.sheets) count += sheet.encoder.truncated;
    return count;
  }

  /** Adds a row to sheet `sheet` (an index into the constructor's list). */
  row(sheet: number, cells: readonly XlsxCell[]): void {
    if (this.finished) throw new Error('the workbook is finished');
    const target = this.sheets[sheet];
    if (target === undefined) throw new RangeError(`no sheet ${sheet}`);
    let part = target.parts[target.parts.length - 1]!;
    if (part.rows >= this.maxRows) {
      this.closePart(part);
      part = this.newPart(target, sheet === 0, this.continuationName(target.name, target.parts.length + 1));
    }
    part.rows++;
    this.append(part, target.encoder.row(part.rows, cells));
  }

  /** The zip's bytes made so far and not yet taken, in order. */
  take(): Uint8Array[] {
    const out = this.zip.pending;
    this.zip.pending = [];
    return out;
  }

  /** Ends the workbook: the rest of its bytes. */
  finish(): Uint8Array[] {
    if (this.finished) throw new Error('the workbook is finished');
    this.finished = true;
    const first = this.sheets[0]!;
    this.closePart(first.parts[first.parts.length - 1]!);
    let number = this.streamedParts;
    for (const sheet of this.sheets.slice(1)) {
      for (const part of sheet.parts) {
        if (part === sheet.parts[sheet.parts.length - 1]) this.closePart(part);
        part.path = `xl/worksheets/sheet${++number}.xml`;
        this.zip.whole(part.path, part.held!, part.crc, part.size, part.compressed);
      }
    }
    const parts = this.sheets.flatMap((sheet) => sheet.parts);
    if (this.stringCount > 0) {
      this.strings.xml.push('</sst>');
      this.strings.chars++;
      this.closeHeld(this.strings);
      this.zip.whole(this.strings.path, this.strings.held!, this.strings.crc, this.strings.size, this.strings.compressed);
    }
    this.zip.part('xl/workbook.xml', this.workbookXml(parts), this.level);
    this.zip.part('xl/_rels/workbook.xml.rels', this.workbookRels(parts), this.level);
    this.zip.part('[Content_Types].xml', this.contentTypes(parts), this.level);
    this.zip.end();
    return this.take();
  }

  private newPart(sheet: Sheet, streamed: boolean, name: string): Part {
    let entry: CentralRecord | null = null;
    let path = '';
    if (streamed) {
      path = `xl/worksheets/sheet${++this.streamedParts}.xml`;
      entry = this.zip.beginStream(path);
    }
    const part: Part = { name, rows: 1, xml: [], chars: 0, crc: 0, size: 0, compressed: 0, held: streamed ? null : [], entry, path };
    this.append(part, xlsxSheetHead(sheet.columns, sheet.encoder, streamed && sheet.parts.length === 0));
    sheet.parts.push(part);
    return part;
  }

  /** `name (n)`, cut to Excel's 31 characters and unlike every other sheet's name. */
  private continuationName(name: string, n: number): string {
    for (; ; n++) {
      const suffix = ` (${n})`;
      let base = name.slice(0, MAX_SHEET_NAME - suffix.length);
      if (isHighSurrogate(base.charCodeAt(base.length - 1))) base = base.slice(0, -1);
      const candidate = base + suffix;
      if (!this.names.has(candidate.toLowerCase())) {
        this.names.add(candidate.toLowerCase());
        return candidate;
      }
    }
  }

  /** Adds XML to a part, compressing it once there is a piece's worth. */
  private append(part: Part, xml: string): void {
    part.xml.push(xml);
    part.chars += xml.length;
    if (part.chars >= this.pieceSize) this.compress(part);
  }

  /**
   * Compresses a part's XML so far: streamed, its bytes go out; held, they
   * are kept. (Joining an array of rows makes a flat string at once, where
   * appending to one string builds a tree of pieces that costs more to
   * flatten and to collect.)
   */
  private compress(part: Part): void {
    if (part.chars === 0) return;
    const bytes = Buffer.from(part.xml.join(''), 'utf8');
    part.xml = [];
    part.chars = 0;
    part.crc = crc32(bytes, part.crc);
    part.size += bytes.length;
    const compressed = deflateRawSync(bytes, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH });
    part.compressed += compressed.length;
    if (part.held === null) this.zip.push(compressed);
    else part.held.push(compressed);
  }

  /** Ends a part: its closing XML and the end of its deflate stream (and, streamed, of its zip entry). */
  private closePart(part: Part): void {
    part.xml.push(xlsxSheetTail(this.sheetOf(part).encoder.columnCount, part.rows));
    part.chars++;
    if (part.held !== null) {
      this.closeHeld(part);
      return;
    }
    this.compress(part);
    this.zip.push(FINAL_BLOCK);
    part.compressed += FINAL_BLOCK.length;
    this.zip.endStream(part.entry!, part.crc, part.size, part.compressed);
  }

  private closeHeld(part: Part): void {
    this.compress(part);
    part.held!.push(FINAL_BLOCK);
    part.compressed += FINAL_BLOCK.length;
  }

  private sheetOf(part: Part): Sheet {
    return this.sheets.find((sheet) => sheet.parts.includes(part))!;
  }

  private share(xml: string, preserve: boolean): number {
    this.append(this.strings, preserve ? `<si><t xml:space="preserve">${xml}</t></si>` : `<si><t>${xml}</t></si>`);
    return this.stringCount++;
  }

  private workbookXml(parts: readonly Part[]): string {
    let sheets = '';
    let names = '';
    parts.forEach((part, i) => {
      sheets += `<sheet name="${escapeXml(part.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`;
      const columns = this.sheetOf(part).encoder.columnCount;
      const [from, to] = filterRange(columns, part.rows).split(':') as [string, string];
      const absolute = (cell: string): string => cell.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2');
      names += `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${quotedSheet(part.name)}!${absolute(from)}:${absolute(to)}`)}</definedName>`;
    });
    return XML_HEAD + `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets}</sheets><definedNames>${names}</definedNames></workbook>`;
  }

  private workbookRels(parts: readonly Part[]): string {
    let rels = '';
    parts.forEach((part, i) => {
      rels += `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="${part.path.slice('xl/'.length)}"/>`;
    });
    rels += `<Relationship Id="rId${parts.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>`;
    if (this.stringCount > 0) rels += `<Relationship Id="rId${parts.length + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>`;
    return XML_HEAD + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;
  }

  private contentTypes(parts: readonly Part[]): string {
    let types =
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>';
    for (const part of parts) types += `<Override PartName="/${part.path}" ContentType="${CT_WORKSHEET}"/>`;
    types += '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>';
    if (this.stringCount > 0) types += '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>';
    types +=
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>';
    return XML_HEAD + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${types}</Types>`;
  }
}
