import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AnalysedThread } from '../model/index.js';

/**
 * Where a run keeps its analysed threads while it is assembled (see
 * {@link RunBuilder}), and how it gives them back: in order, each comment's
 * `data.cluster` set by `place` once the run is clustered.
 */
export interface ThreadStore<Threads extends Iterable<AnalysedThread>> {
  add(thread: AnalysedThread): void;
  /** Called once, after the last `add`: the threads as the run holds them. `place` is given each thread and the run-wide index of its first comment. */
  seal(place: (thread: AnalysedThread, firstComment: number) => void): Threads;
}

/** Keeps the threads themselves, in an array: what the library's {@link assembleRun} uses. */
export class ArrayStore implements ThreadStore<AnalysedThread[]> {
  private readonly threads: AnalysedThread[] = [];

  add(thread: AnalysedThread): void {
    this.threads.push(thread);
  }

  seal(place: (thread: AnalysedThread, firstComment: number) => void): AnalysedThread[] {
    let first = 0;
    for (const thread of this.threads) {
      place(thread, first);
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

  seal(place: (thread: AnalysedThread, firstComment: number) => void): StoredThreads {
    const count = this.firstComments.length;
    const read = (index: number): AnalysedThread => {
      const length = this.offsets[index + 1]! - this.offsets[index]!;
      const bytes = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(this.open(), bytes, done, length - done, this.offsets[index]! + done);
        if (n === 0) throw new Error(`the stored threads end early, at thread ${index + 1} of ${count}`);
        done += n;
      }
      const thread = deserialize(bytes) as AnalysedThread;
      place(thread, this.firstComments[index]!);
      return thread;
    };
    return {
      length: count,
      *[Symbol.iterator]() {
        for (let index = 0; index < count; index++) yield read(index);
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
