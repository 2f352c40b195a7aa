import { readFileSync } from 'node:fs';

/**
 * The compact word-vector table (src/analyse/models/word-vectors.bin, built by
 * `npm run vectors` from GloVe 6B 100-d vectors; see word-vectors.LICENSE.md).
 *
 * Layout, little-endian:
 *   8 bytes  magic "TLWV0001"
 *   uint32   words (n), dimensions (d), source vocabulary size, byte length of the word list
 *   bytes    the words, UTF-8, one per line, most frequent first; zero-padded to a multiple of 4
 *   uint32×n each word's frequency rank in the source vocabulary (0 = most frequent)
 *   float32×n each row's scale
 *   int8×n·d  the rows: component = value × scale
 */
export interface WordVectors {
  dimensions: number;
  /** Words in the source vocabulary (for frequencies estimated from rank). */
  sourceVocabulary: number;
  index: ReadonlyMap<string, number>;
  ranks: Uint32Array;
  scales: Float32Array;
  values: Int8Array;
}

/** How many words `npm run vectors` keeps. */
export const VECTOR_WORDS = 100_000;
const MAGIC = 'TLWV0001';
const HEADER = MAGIC.length + 16;

export function encodeWordVectors(rows: ReadonlyArray<{ word: string; rank: number; vector: ArrayLike<number> }>, dimensions: number, sourceVocabulary: number): Buffer {
  const words = Buffer.from(rows.map((row) => row.word).join('\n'), 'utf8');
  const wordsPadded = Math.ceil(words.length / 4) * 4;
  const n = rows.length;
  const out = Buffer.alloc(HEADER + wordsPadded + 8 * n + n * dimensions);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(n, 8);
  out.writeUInt32LE(dimensions, 12);
  out.writeUInt32LE(sourceVocabulary, 16);
  out.writeUInt32LE(words.length, 20);
  words.copy(out, HEADER);
  let offset = HEADER + wordsPadded;
  rows.forEach((row, i) => out.writeUInt32LE(row.rank, offset + 4 * i));
  offset += 4 * n;
  const scales = rows.map((row) => {
    let max = 0;
    for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(row.vector[d]!));
    return max === 0 ? 1 : max / 127;
  });
  scales.forEach((scale, i) => out.writeFloatLE(scale, offset + 4 * i));
  offset += 4 * n;
  rows.forEach((row, i) => {
    // The scale as stored (float32), so that decoding multiplies back by the same number.
    const scale = out.readFloatLE(HEADER + wordsPadded + 4 * n + 4 * i);
    for (let d = 0; d < dimensions; d++) out.writeInt8(Math.max(-127, Math.min(127, Math.round(row.vector[d]! / scale))), offset + i * dimensions + d);
  });
  return out;
}

export function decodeWordVectors(bytes: Buffer, source = 'word-vectors.bin'): WordVectors {
  if (bytes.length < HEADER || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${source}: not a threadlens word-vector table (run npm run vectors)`);
  const n = bytes.readUInt32LE(8);
  const dimensions = bytes.readUInt32LE(12);
  const sourceVocabulary = bytes.readUInt32LE(16);
  const wordBytes = bytes.readUInt32LE(20);
  let offset = HEADER + Math.ceil(wordBytes / 4) * 4;
  if (bytes.length !== offset + 8 * n + n * dimensions) throw new Error(`${source}: ${bytes.length} bytes, expected ${offset + 8 * n + n * dimensions} for ${n} words × ${dimensions}`);
  const words = bytes.toString('utf8', HEADER, HEADER + wordBytes).split('\n');
  const index = new Map<string, number>();
  words.forEach((word, i) => index.set(word, i));
  // Copies, so that the typed arrays are aligned whatever the Buffer's own offset.
  const ranks = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n));
  offset += 4 * n;
  const scales = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n));
  offset += 4 * n;
  const values = new Int8Array(bytes.buffer, bytes.byteOffset + offset, n * dimensions);
  return { dimensions, sourceVocabulary, index, ranks, scales, values };
}

let loaded: WordVectors | null = null;

/** The shipped table, read on first use (about 11 MB; a fraction of a second). */
export function wordVectors(): WordVectors {
  if (loaded === null) {
    const file = new URL('../models/word-vectors.bin', import.meta.url);
    loaded = decodeWordVectors(readFileSync(file), file.pathname);
  }
  return loaded;
}
