import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
  const staged: Array<[temporary: string, target: string]> = [];
  try {
    for (const [file, content] of files) {
      const dir = path.dirname(file);
      await mkdir(dir, { recursive: true });
      const temporary = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
      staged.push([temporary, file]);
      await writeFile(temporary, content);
    }
    for (const [temporary, file] of staged) await rename(temporary, file);
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => rm(temporary, { force: true })));
    throw error;
  }
}
