import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Temporary files being written right now. If the process is interrupted
 * (Ctrl-C, SIGTERM, SIGHUP), they are removed before it exits, so an
 * interrupted run leaves the previous files as they were and nothing else.
 */
const pending = new Set<string>();
let handlersInstalled = false;

function removePendingAndExit(signal: NodeJS.Signals): void {
  for (const temporary of pending) rmSync(temporary, { force: true });
  pending.clear();
  // The conventional exit status for death by a signal: 128 + its number.
  process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as Record<string, number>)[signal]!);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, removePendingAndExit);
}

/**
 * Writes a file atomically: a temporary file in the same folder, then a
 * rename over the target. A run that fails or is killed leaves the previous
 * file intact; a failed write removes its temporary file.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await writeFilesAtomic([[file, content]]);
}

/**
 * Writes several files so that a failure leaves none of them half-done: every
 * temporary file is written first, and only then is each renamed over its
 * target. If a write fails, the temporary files are removed and nothing moves.
 */
export async function writeFilesAtomic(files: Array<[path: string, content: string]>): Promise<void> {
  installHandlers();
  const staged: Array<[temporary: string, target: string]> = [];
  try {
    for (const [file, content] of files) {
      const dir = path.dirname(file);
      await mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
      staged.push([temporary, file]);
      pending.add(temporary);
      await writeFile(temporary, content);
    }
    for (const [temporary, file] of staged) {
      await rename(temporary, file);
      pending.delete(temporary);
    }
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => rm(temporary, { force: true })));
    throw error;
  } finally {
    for (const [temporary] of staged) pending.delete(temporary);
  }
}
