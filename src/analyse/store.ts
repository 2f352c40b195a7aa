import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AnalysedThread, ClusterAssignment } from '../model/index.js';
import type { Placements } from './cluster/index.js';

/**
 * Where a run keeps its analysed threads while it is assembled (see
 * {@link RunBuilder}), and how it gives them back: in order, each comment's
 * `data.cluster` set from the run's placements once it is clustered.
 */
export interface ThreadStore<Threads extends Iterable<AnalysedThread>> {
  add(thread: AnalysedThread): void;
  /** Called once, after the last `add`: the threads as the run holds them, each comment placed by its run-wide index. */
  seal(placements: Placements): Threads;
}

/** Sets each comment's `data.cluster` from the placements given for the thread's comments, in order. */
export function placeComments(thread: AnalysedThread, placements: ReadonlyArray<ClusterAssignment | null>): AnalysedThread {
  thread.comments.forEach((comment, i) => (comment.data.cluster = placements[i] ?? null));
  return thread;
}

function placementsFrom(placements: Placements, first: number, count: number): Array<ClusterAssignment | null> {
  return Array.from({ length: count }, (_, i) => placements.of(first + i));
}

/** Keeps the threads themselves, in an array: what the library's {@link assembleRun} uses. */
export class ArrayStore implements ThreadStore<AnalysedThread[]> {
  private readonly threads: AnalysedThread[] = [];

  add(thread: AnalysedThread): void {
    this.threads.push(thread);
  }

  seal(placements: Placements): AnalysedThread[] {
    let first = 0;
    for (const thread of this.threads) {
      placeComments(thread, placementsFrom(placements, first, thread.comments.length));
      first += thread.comments.length;
    }
    return this.threads;
  }
}

/**
 * The threads of a sealed {@link DiskStore}, in order: each read back from
 * the disk as it is reached (a new copy on every pass), so no more than one
 * is in memory at a time.
 */
export interface StoredThreads extends Iterable<AnalysedThread> {
  readonly length: number;
  /**
   * Thread `index` as stored, not yet read: its bytes (V8's structured
   * serialisation) and its comments' placements, for {@link reviveThread} —
   * on another thread, say.
   */
  stored(index: number): StoredThread;
}

export interface StoredThread {
  bytes: Buffer;
  placements: Array<ClusterAssignment | null>;
}

/** A {@link StoredThread} read back: the thread, each comment placed. */
export function reviveThread(stored: StoredThread): AnalysedThread {
  return placeComments(deserialize(stored.bytes) as AnalysedThread, stored.placements);
}

/**
 * Keeps each thread on disk as it is added (V8's structured serialisation,
 * one file), so that memory holds one thread at a time however large the
 * run. The file lives in `folder` (which the caller makes and removes) until
 * {@link DiskStore.close}.
 */
export class DiskStore implements ThreadStore<StoredThreads> {
  private readonly file: string;
  private fd: number | null;
  private readonly offsets: number[] = [0];
  private readonly firstComments: number[] = [];
  private comments = 0;

  constructor(folder: string) {
    this.file = path.join(folder, 'threads.bin');
    this.fd = openSync(this.file, 'w+');
  }

  add(thread: AnalysedThread): void {
    const bytes = serialize(thread);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.open(), bytes, written, bytes.length - written, this.offsets.at(-1)! + written);
    this.offsets.push(this.offsets.at(-1)! + bytes.length);
    this.firstComments.push(this.comments);
    this.comments += thread.comments.length;
  }

  seal(placements: Placements): StoredThreads {
    const count = this.firstComments.length;
    const stored = (index: number): StoredThread => {
      const length = this.offsets[index + 1]! - this.offsets[index]!;
      const bytes = Buffer.allocUnsafeSlow(length);
      let done = 0;
      while (done < length) {
        const n = readSync(this.open(), bytes, done, length - done, this.offsets[index]! + done);
        if (n === 0) throw new Error(`the stored threads end early, at thread ${index + 1} of ${count}`);
        done += n;
      }
      const first = this.firstComments[index]!;
      const comments = (this.firstComments[index + 1] ?? this.comments) - first;
      return { bytes, placements: placementsFrom(placements, first, comments) };
    };
    return {
      length: count,
      stored,
      *[Symbol.iterator]() {
        for (let index = 0; index < count; index++) yield reviveThread(stored(index));
      },
    };
  }

  /** Closes and removes the file; the threads can no longer be read. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.file, { force: true });
  }

  private open(): number {
    if (this.fd === null) throw new Error('the thread store is closed');
    return this.fd;
  }
}
