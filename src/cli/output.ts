/**
 * Writing output: folders, single files and whole report sets, so that a run
 * that fails or is killed leaves the previous output as it was.
 *
 * - {@link ensureFolder} creates a folder and its missing parents by walking
 *   down from the root itself (never `mkdir({ recursive: true })`, which spins
 *   forever on ENOENT under /proc or through a dangling symbolic link), and
 *   says in plain words why a folder cannot be made.
 * - {@link writeFileAtomic} writes one file: a temporary file beside it, then
 *   a rename over the target.
 * - {@link writeReportSet} replaces a whole folder of reports at once: every
 *   file goes into a staging folder beside the target, a marker file last,
 *   then the two folders are exchanged atomically (Linux `renameat2` with
 *   `RENAME_EXCHANGE`, called through perl since Node has no binding), or,
 *   where that is unavailable, by two renames done back to back. Leftovers of
 *   killed runs are removed (or, for a run killed between the two renames,
 *   put back) by the next run.
 *
 * Every failure is a `ThreadlensError` with code `unwritable` (`internal`
 * for misuse such as a file name with a path separator). Nothing here prints.
 *
 * While anything is being written, SIGINT, SIGTERM and SIGHUP remove the
 * temporary files and folders synchronously and exit with 128 + the signal's
 * number; SIGKILL leaves them for the next run to clean up.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, write as writeCallback, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import path from 'node:path';
import { ThreadlensError } from '../model/problem.js';

/** The marker file of a report set, written last into the staging folder. */
export const SET_MARKER = '.threadlens-set.json';

export type ReportSetKind = 'analyse' | 'compare';

/**
 * A file of a report set: whole (its bytes or text, or pieces of text or
 * bytes written one after the other), or a `piece` of a file made alongside
 * others (the pieces of one name, in the order they come, are the file).
 */
export type ReportSetFile =
  | { name: string; content: string | Uint8Array | Iterable<string> | AsyncIterable<Uint8Array> }
  | { name: string; piece: string | Uint8Array }
  | StagedFile;

/**
 * A file its maker has already written into the staging folder (a worker
 * thread, say, given the folder by a {@link ReportSetSource} function); with
 * `failure`, the reason it could not be (see {@link systemReason}).
 */
export interface StagedFile {
  name: string;
  staged: true;
  failure?: string;
}

/** The files of a report set, or a function that makes them given the staging folder they go into. */
export type ReportSetSource = Iterable<ReportSetFile> | AsyncIterable<ReportSetFile> | ((staging: string) => Iterable<ReportSetFile> | AsyncIterable<ReportSetFile>);

export interface ReportSetOptions {
  kind: ReportSetKind;
  /** An identifier of the run, recorded in the marker. */
  runId: string;
  /** The folder as the user typed it, for error messages (default: `out`). */
  shownAs?: string;
}

export interface ReportSetMarker {
  kind: ReportSetKind;
  run: string;
  files: string[];
}

// ---------------------------------------------------------------------------
// Signals: what to remove if the process is interrupted.

/** A report set being written: the folder to remove on a signal, and the state of a two-rename switch. */
interface SetInFlight {
  out: string;
  staging: string;
  /** Set once a fallback switch has chosen the name for the previous set. */
  old: string | null;
  /** Fallback switch: `out` has been renamed to `old`, `staging` not yet to `out`. */
  halfSwitched: boolean;
  /** Fallback switch done: the previous set is at `old`. */
  switched: boolean;
}

const pendingFiles = new Set<string>();
const setsInFlight = new Set<SetInFlight>();
let handlersInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const file of pendingFiles) removeQuietly(file);
  pendingFiles.clear();
  for (const set of setsInFlight) {
    if (set.halfSwitched && set.old !== null) {
      // Never leave `out` missing: finish the switch (or, failing that, undo it).
      try {
        renameSync(set.staging, set.out);
        set.switched = true;
      } catch {
        try {
          renameSync(set.old, set.out);
        } catch {
          // The next run puts the previous set back.
        }
      }
      set.halfSwitched = false;
    }
    // Before an exchange the staging path holds the new set; after it, the
    // previous one. Either way it is what must go. After a fallback switch
    // the previous set is at `old`.
    removeQuietly(set.switched && set.old !== null ? set.old : set.staging);
  }
  setsInFlight.clear();
  process.exit(128 + (osConstants.signals[signal] ?? 0));
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

function removeQuietly(target: string): void {
  // A write still in flight on the thread pool may add a file meanwhile: try again until it is gone.
  for (let attempt = 0; attempt < 5 && existsNoFollow(target); attempt++) {
    try {
      rmSync(target, { recursive: true, force: true, maxRetries: 3, retryDelay: 1 });
    } catch {
      // Tried again, then left for the next run's clean-up.
    }
  }
}

// ---------------------------------------------------------------------------
// Reasons a person understands.

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** Why a file operation failed, in plain words. */
export function systemReason(error: unknown): string {
  switch (errnoCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'ENAMETOOLONG':
      return 'a file name in the path is too long';
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'an input/output error';
    case 'EXDEV':
      return 'the folders are on different file systems';
    case 'EBUSY':
      return 'the folder is in use (a mount point?)';
    default: {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return message;
    }
  }
}

function unwritable(message: string, shownAs: string): ThreadlensError {
  return new ThreadlensError('unwritable', message, { file: shownAs });
}

// ---------------------------------------------------------------------------
// Folders.

/**
 * Creates `dir` and its missing parents, one component at a time from the
 * root down. A component that is a symbolic link to a folder is followed.
 * Throws `unwritable` (naming `shownAs`) with the reason: a file in the way,
 * a dangling symbolic link, a file system that takes no new folders (/proc),
 * a read-only file system, permission denied, …
 */
export async function ensureFolder(dir: string, shownAs = dir): Promise<void> {
  const absolute = path.resolve(dir);
  const { root } = path.parse(absolute);
  let current = root;
  for (const part of absolute.slice(root.length).split(path.sep)) {
    if (part === '') continue;
    current = path.join(current, part);
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw unwritable(`cannot create the folder: cannot look at ${current}: ${systemReason(error)}`, shownAs);
      await makeOneFolder(current, shownAs);
      continue;
    }
    await checkFolder(current, info, shownAs);
  }
}

/** `mkdir` of one folder whose parent exists. */
async function makeOneFolder(folder: string, shownAs: string): Promise<void> {
  try {
    await mkdir(folder);
    return;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') {
      // Made by someone else meanwhile, or a dangling symbolic link's own entry: look again.
      let info: Stats;
      try {
        info = await lstat(folder);
      } catch (again) {
        throw unwritable(`cannot create the folder ${folder}: ${systemReason(again)}`, shownAs);
      }
      return checkFolder(folder, info, shownAs);
    }
    if (code === 'ENOENT') {
      // The parent exists (it was just looked at), yet mkdir finds nothing: /proc and the like.
      throw unwritable(`cannot create the folder ${folder}: ${path.dirname(folder)} takes no new folders (a virtual file system such as /proc?)`, shownAs);
    }
    throw unwritable(`cannot create the folder ${folder}: ${systemReason(error)}`, shownAs);
  }
}

/** Accepts a folder or a symbolic link to one; explains anything else. */
async function checkFolder(component: string, info: Stats, shownAs: string): Promise<void> {
  if (info.isDirectory()) return;
  if (info.isSymbolicLink()) {
    let target: Stats;
    try {
      target = await stat(component);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw unwritable(`cannot create the folder: ${component} is a symbolic link to a path that does not exist`, shownAs);
      if (code === 'ELOOP') throw unwritable(`cannot create the folder: ${component} is a symbolic link that loops back on itself`, shownAs);
      throw unwritable(`cannot create the folder: cannot follow the symbolic link ${component}: ${systemReason(error)}`, shownAs);
    }
    if (target.isDirectory()) return;
    throw unwritable(`cannot create the folder: ${component} is a symbolic link to a ${target.isFile() ? 'file' : 'special file'}, not a folder`, shownAs);
  }
  throw unwritable(`cannot create the folder: ${component} is a ${info.isFile() ? 'file' : 'special file'}, not a folder`, shownAs);
}

// ---------------------------------------------------------------------------
// One file.

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/**
 * Writes one file atomically: `.<name>.tmp-<pid>-<hex>` in the same folder,
 * then a rename over the target. On failure the temporary file is removed and
 * `unwritable` is thrown; the previous file stays as it was.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, shownAs = file): Promise<void> {
  const absolute = path.resolve(file);
  const dir = path.dirname(absolute);
  await ensureFolder(dir, shownAs);
  installHandlers();
  const temporary = path.join(dir, `.${path.basename(absolute)}.tmp-${process.pid}-${hex(4)}`);
  pendingFiles.add(temporary);
  try {
    // Created synchronously, so that a signal handler never runs while its creation is still in flight (and misses it).
    const fd = openSync(temporary, 'wx', 0o666);
    try {
      await writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    } finally {
      closeSync(fd);
    }
    await rename(temporary, absolute);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw unwritable(`cannot write the file: ${systemReason(error)}`, shownAs);
  } finally {
    pendingFiles.delete(temporary);
  }
}

/** Writes every byte to an open file. */
async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength; ) {
    offset += await new Promise<number>((resolve, reject) =>
      writeCallback(fd, bytes, offset, bytes.byteLength - offset, null, (error, written) => (error ? reject(error) : resolve(written))),
    );
  }
}

// ---------------------------------------------------------------------------
// Scratch space.

/**
 * A new private folder under the system's temporary folder (`$TMPDIR`) for
 * what a run keeps on disk while it works; removed by `remove()`, or on a
 * signal.
 */
export function scratchFolder(): { path: string; remove: () => void } {
  installHandlers();
  let folder: string;
  try {
    folder = mkdtempSync(path.join(tmpdir(), 'threadlens-'));
  } catch (error) {
    throw unwritable(`cannot create a temporary folder: ${systemReason(error)}`, tmpdir());
  }
  pendingFiles.add(folder);
  return {
    path: folder,
    remove: () => {
      removeQuietly(folder);
      pendingFiles.delete(folder);
    },
  };
}

// ---------------------------------------------------------------------------
// Report sets.

/** The marker of a report set in `out`, or null when there is none (or it is not one threadlens wrote). */
export function readSetMarker(out: string): ReportSetMarker | null {
  let text: string;
  try {
    text = readFileSync(path.join(out, SET_MARKER), 'utf8');
  } catch {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const marker = value as Record<string, unknown>;
  if (marker['schema'] !== 'threadlens-report-set' || marker['version'] !== 1) return null;
  const { kind, run, files } = marker;
  if (kind !== 'analyse' && kind !== 'compare') return null;
  if (typeof run !== 'string' || !Array.isArray(files) || !files.every((name) => typeof name === 'string')) return null;
  return { kind, run, files: files as string[] };
}

/** Names of staging and previous-set folders beside `out`: `.<base>.staging-<pid>-<hex>`, `.<base>.old-<pid>-<hex>`. */
const LEFTOVER = /^(staging|old)-(\d+)-[0-9a-f]{8}$/;

function besideName(out: string, role: 'staging' | 'old'): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.${role}-${process.pid}-${hex(4)}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return errnoCode(error) !== 'ESRCH';
  }
}

/** A folder that can stand for `out` again: empty, or a set whose every file is present. */
function isWholeSet(folder: string): boolean {
  try {
    const entries = new Set(readdirSync(folder));
    if (entries.size === 0) return true;
    const marker = readSetMarker(folder);
    return marker !== null && marker.files.every((name) => entries.has(name));
  } catch {
    return false;
  }
}

/**
 * Cleans up after killed runs: if `out` is missing and a dead process's
 * `.old-` folder (a previous set moved aside by a fallback switch that was
 * killed before its second rename) is beside it, puts it back; then removes
 * every staging and old folder of dead processes. Best effort.
 */
async function cleanLeftovers(out: string): Promise<void> {
  const parent = path.dirname(out);
  const prefix = `.${path.basename(out)}.`;
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const dead: Array<{ folder: string; role: string }> = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = LEFTOVER.exec(name.slice(prefix.length));
    if (match === null) continue;
    if (isAlive(Number(match[2]))) continue;
    dead.push({ folder: path.join(parent, name), role: match[1]! });
  }
  if (dead.length === 0) return;
  if (!existsNoFollow(out)) {
    const candidates = dead
      .filter(({ role, folder }) => role === 'old' && isWholeSet(folder))
      .map(({ folder }) => ({ folder, time: markerTime(folder) }))
      .sort((a, b) => b.time - a.time);
    const restore = candidates[0];
    if (restore !== undefined) {
      try {
        renameSync(restore.folder, out);
        dead.splice(dead.findIndex(({ folder }) => folder === restore.folder), 1);
      } catch {
        // Then the new set simply takes its place.
      }
    }
  }
  for (const { folder } of dead) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
}

function existsNoFollow(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function markerTime(folder: string): number {
  try {
    return lstatSync(path.join(folder, SET_MARKER)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Refuses a folder threadlens does not own; returns whether `out` exists. Touches nothing. */
function checkOwnership(out: string, kind: ReportSetKind, shownAs: string): boolean {
  let info: Stats;
  try {
    info = lstatSync(out);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw unwritable(`cannot look at the folder: ${systemReason(error)}`, shownAs);
  }
  if (!info.isDirectory()) throw unwritable(`expected a folder, found a ${info.isFile() ? 'file' : 'special file'}; choose another --out`, shownAs);
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (error) {
    throw unwritable(`cannot read the folder: ${systemReason(error)}`, shownAs);
  }
  if (entries.length === 0) return true;
  const marker = readSetMarker(out);
  if (marker !== null && marker.kind !== kind) {
    throw unwritable(`the folder holds a report set of ${marker.kind}; ${kind} writes a folder of its own: choose another --out`, shownAs);
  }
  // Ours only if everything in it is the marker or a file the marker lists: a user's notes are never deleted.
  const ours = new Set(marker === null ? [] : [SET_MARKER, ...marker.files]);
  const foreign = entries.filter((name) => !ours.has(name)).sort();
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    throw unwritable(`expected an empty folder or one threadlens wrote, found files it did not write (${shown}); choose another --out or empty it`, shownAs);
  }
  return true;
}

/** Whether a report's name is a plain file name: no path separator, no leading dot. */
export function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && !name.startsWith('.') && !name.includes('/') && !name.includes('\\') && !name.includes('\0');
}

function checkName(name: unknown): string {
  if (!isPlainName(name)) {
    throw new ThreadlensError('internal', `expected a plain file name for a report (no path separator, no leading dot), found ${JSON.stringify(name)}`);
  }
  return name;
}

/** `renameat2` and `prctl` syscall numbers by architecture (Linux). */
const SYSCALLS: Partial<Record<NodeJS.Architecture, { renameat2: number; prctl: number }>> = {
  x64: { renameat2: 316, prctl: 157 },
  ia32: { renameat2: 353, prctl: 172 },
  arm: { renameat2: 382, prctl: 172 },
  arm64: { renameat2: 276, prctl: 167 },
  riscv64: { renameat2: 276, prctl: 167 },
  loong64: { renameat2: 276, prctl: 167 },
  ppc64: { renameat2: 357, prctl: 171 },
  s390x: { renameat2: 347, prctl: 172 },
};

/**
 * Exchanges two folders atomically with `renameat2(RENAME_EXCHANGE)` through
 * perl. Run synchronously, so no signal handler runs while it is under way.
 * perl asks to be killed with its parent (PR_SET_PDEATHSIG) and checks that
 * its parent is still there, so an exchange never happens after this
 * process was killed (when the next run may be removing the staging folder).
 * Returns whether the exchange happened (told by the inode now at `b`).
 */
function exchange(a: string, b: string): boolean {
  if (process.env['THREADLENS_NO_EXCHANGE'] === '1' || process.platform !== 'linux') return false;
  const numbers = SYSCALLS[process.arch];
  if (numbers === undefined) return false;
  let before: Stats;
  try {
    before = lstatSync(a);
  } catch {
    return false;
  }
  const script = [
    'my ($ppid, $a, $b) = @ARGV;',
    `syscall(${numbers.prctl}, 1, 9) == 0 or die "prctl: $!\\n";`,
    'getppid() == $ppid or die "parent gone\\n";',
    `syscall(${numbers.renameat2}, -100, $a, -100, $b, 2) == 0 or die "$!\\n";`,
  ].join(' ');
  spawnSync('perl', ['-e', script, String(process.pid), a, b], { stdio: 'ignore', timeout: 10_000 });
  try {
    const now = lstatSync(b);
    return now.ino === before.ino && now.dev === before.dev;
  } catch {
    return false;
  }
}

/**
 * Everything `writeReportSet` checks before it writes, done before a long run
 * starts, so that an output folder that cannot be written fails at once: the
 * parent is created (or the reason it cannot be), a symbolic link is
 * resolved, ownership is checked, and a staging folder is made and removed
 * beside the target. Throws `unwritable` naming `shownAs`.
 */
export async function checkReportSetTarget(out: string, options: Pick<ReportSetOptions, 'kind' | 'shownAs'>): Promise<void> {
  const shownAs = options.shownAs ?? out;
  const { target } = await prepareTarget(out, options.kind, shownAs);
  const probe = besideName(target, 'staging');
  try {
    mkdirSync(probe);
  } catch (error) {
    throw unwritable(`cannot create a staging folder beside it: ${systemReason(error)}`, shownAs);
  }
  rmSync(probe, { recursive: true, force: true });
}

/** The folder a set replaces (a symbolic link to a folder resolved), its parent made, leftovers cleaned, ownership checked. */
async function prepareTarget(out: string, kind: ReportSetKind, shownAs: string): Promise<{ target: string; existed: boolean }> {
  let target = path.resolve(out);
  const parent = path.dirname(target);
  if (parent === target) throw unwritable('cannot replace the root folder with reports; choose another --out', shownAs);
  await ensureFolder(parent, shownAs);
  // A symbolic link to a folder: the folder it points to is the one replaced (the link stays).
  const own = lstatOrNull(target);
  if (own?.isSymbolicLink()) {
    try {
      const real = await stat(target);
      if (!real.isDirectory()) throw unwritable(`expected a folder, found a symbolic link to a ${real.isFile() ? 'file' : 'special file'}; choose another --out`, shownAs);
      target = realpathSync(target);
    } catch (error) {
      if (error instanceof ThreadlensError) throw error;
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw unwritable('cannot write the reports: the folder is a symbolic link to a path that does not exist', shownAs);
      throw unwritable(`cannot write the reports: ${systemReason(error)}`, shownAs);
    }
  }

  await cleanLeftovers(target);
  const existed = checkOwnership(target, kind, shownAs);
  return { target, existed };
}

/**
 * Writes a report set into `out` (an absolute path) so that it changes as a
 * whole: `out` holds either the previous set or the new one, whatever
 * happens. `out` must not exist, be empty, or hold a set of the same kind
 * (nothing but its listed files and its marker); anything else is refused
 * untouched with `unwritable`. Files are consumed one at a time; a source
 * given as a function is called once with the staging folder, for makers
 * that write their files there themselves and name them as {@link StagedFile}s.
 *
 * An error thrown by the source itself is rethrown as it is, after the staging
 * folder is removed; write failures are `unwritable`.
 */
export async function writeReportSet(
  out: string,
  source: ReportSetSource,
  options: ReportSetOptions,
): Promise<{ files: number }> {
  const shownAs = options.shownAs ?? out;
  const { target, existed } = await prepareTarget(out, options.kind, shownAs);

  installHandlers();
  const state: SetInFlight = { out: target, staging: besideName(target, 'staging'), old: null, halfSwitched: false, switched: false };
  setsInFlight.add(state);
  try {
    try {
      // Synchronously, so that a signal handler never runs while it is in flight (and misses it).
      mkdirSync(state.staging);
    } catch (error) {
      throw unwritable(`cannot create a staging folder beside it: ${systemReason(error)}`, shownAs);
    }

    const names = new Set<string>();
    // The files being written piece by piece, open until the last file has come.
    const pieced = new Map<string, FileHandle>();
    const claim = (name: string): void => {
      if (names.has(name)) throw new ThreadlensError('internal', `expected each report name once, found ${JSON.stringify(name)} twice`);
      names.add(name);
    };
    let failure: unknown = null;
    try {
      const files = typeof source === 'function' ? source(state.staging) : source;
      for await (const file of files) {
        const name = checkName(file.name);
        try {
          if ('staged' in file) {
            claim(name);
            if (file.failure !== undefined) throw unwritable(`cannot write ${name}: ${file.failure}`, shownAs);
            continue;
          }
          if ('piece' in file) {
            let handle = pieced.get(name);
            if (handle === undefined) {
              claim(name);
              handle = await open(path.join(state.staging, name), 'wx');
              pieced.set(name, handle);
            }
            await writeAll(handle.fd, typeof file.piece === 'string' ? Buffer.from(file.piece, 'utf8') : file.piece);
            continue;
          }
          claim(name);
          await writeFile(path.join(state.staging, name), file.content, { flag: 'wx' });
        } catch (error) {
          if (error instanceof ThreadlensError) throw error;
          throw unwritable(`cannot write ${name}: ${systemReason(error)}`, shownAs);
        }
      }
      for (const [name, handle] of pieced) {
        pieced.delete(name);
        try {
          await handle.close();
        } catch (error) {
          throw unwritable(`cannot write ${name}: ${systemReason(error)}`, shownAs);
        }
      }
      const marker = { schema: 'threadlens-report-set', version: 1, kind: options.kind, run: options.runId, files: [...names].sort() };
      try {
        await writeFile(path.join(state.staging, SET_MARKER), JSON.stringify(marker) + '\n', { flag: 'wx' });
      } catch (error) {
        throw unwritable(`cannot write ${SET_MARKER}: ${systemReason(error)}`, shownAs);
      }
    } catch (error) {
      failure = error;
    }
    for (const handle of pieced.values()) await handle.close().catch(() => undefined);
    if (failure !== null) {
      await rm(state.staging, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
      throw failure;
    }

    // The set is complete. THREADLENS_HOLD_BEFORE_SWITCH_MS holds it here, so that tests can kill a run right at the switch.
    const hold = Number(process.env['THREADLENS_HOLD_BEFORE_SWITCH_MS'] ?? 0);
    if (hold > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(hold, 10_000)));

    // The switch. Everything from here to the end of the switch is synchronous: no signal handler runs in between.
    let previous: string;
    if (!existed || !existsNoFollow(target)) {
      try {
        renameSync(state.staging, target);
      } catch (error) {
        throw unwritable(`cannot move the new reports into place: ${systemReason(error)}`, shownAs);
      }
      setsInFlight.delete(state);
      return { files: names.size };
    }
    if (exchange(state.staging, target)) {
      previous = state.staging;
    } else {
      const old = besideName(target, 'old');
      state.old = old;
      try {
        renameSync(target, old);
      } catch (error) {
        throw unwritable(`cannot move the previous reports aside: ${systemReason(error)}`, shownAs);
      }
      state.halfSwitched = true;
      try {
        renameSync(state.staging, target);
      } catch (error) {
        state.halfSwitched = false;
        try {
          renameSync(old, target);
        } catch {
          // The next run puts it back.
        }
        throw unwritable(`cannot move the new reports into place: ${systemReason(error)}`, shownAs);
      }
      state.halfSwitched = false;
      state.switched = true;
      previous = old;
    }
    // `out` holds the new set; the previous one goes (a signal now removes it too).
    await rm(previous, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    setsInFlight.delete(state);
    return { files: names.size };
  } catch (error) {
    if (setsInFlight.has(state)) {
      if (!state.switched) await rm(state.staging, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
      setsInFlight.delete(state);
    }
    throw error;
  }
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}
