import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Thread } from '../src/model/index.js';
import { main } from '../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** Golden files are rewritten only on purpose: `UPDATE_GOLDEN=1 npx vitest run`. */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export function expectGolden(actual: string, goldenPath: string): void {
  if (UPDATE || !existsSync(goldenPath)) {
    if (!UPDATE) throw new Error(`missing golden file ${path.relative(ROOT, goldenPath)}; run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(goldenPath, actual);
    return;
  }
  expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
}

/** The shape of a tree without positions: what the property test compares. */
export function treeShape(thread: Thread): Array<{ id: string; parentId: string | null; depth: number; text: string }> {
  return thread.comments.map(({ id, parentId, depth, text }) => ({ id, parentId, depth, text }));
}

export function readBytes(relative: string): Uint8Array {
  return readFileSync(path.join(ROOT, relative));
}

/** Runs the CLI in-process, collecting what it prints. */
export async function runCli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  });
  return { code, stdout, stderr };
}
