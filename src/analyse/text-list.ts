/**
 * Many texts kept as UTF-8 in large blocks outside the JavaScript heap, each
 * decoded again when asked for: what a run holds of every comment's text
 * while it is clustered (about half the bytes of the strings, and nothing for
 * the garbage collector to walk).
 */
export class TextList {
  private readonly blocks: Buffer[] = [];
  private used = BLOCK_BYTES;
  private block = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private end = new Uint32Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used + bytes > BLOCK_BYTES || this.blocks.length === 0) {
      this.blocks.push(Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, bytes)));
      this.used = 0;
    }
    if (this.count === this.block.length) this.grow();
    const target = this.blocks.length - 1;
    this.blocks[target]!.write(text, this.used, 'utf8');
    this.block[this.count] = target;
    this.start[this.count] = this.used;
    this.end[this.count] = this.used + bytes;
    this.used += bytes;
    this.count++;
  }

  /** The text at `index` (undefined beyond the end). */
  at(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    return this.blocks[this.block[index]!]!.toString('utf8', this.start[index]!, this.end[index]!);
  }

  /** The texts from `from` to `to` (exclusive) packed into one buffer of their own, to be handed to another thread (see {@link PackedTexts}). */
  pack(from: number, to: number): PackedTextRange {
    if (!(0 <= from && from <= to && to <= this.count)) throw new RangeError(`expected a range within the ${this.count} texts, found ${from} to ${to}`);
    let size = 0;
    for (let i = from; i < to; i++) size += this.end[i]! - this.start[i]!;
    const bytes = Buffer.allocUnsafeSlow(size);
    const ends = new Uint32Array(to - from);
    let at = 0;
    for (let i = from; i < to; i++) {
      at += this.blocks[this.block[i]!]!.copy(bytes, at, this.start[i]!, this.end[i]!);
      ends[i - from] = at;
    }
    return { from, bytes, ends };
  }

  private grow(): void {
    const larger = (array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const next = new Uint32Array(array.length * 2);
      next.set(array);
      return next;
    };
    this.block = larger(this.block);
    this.start = larger(this.start);
    this.end = larger(this.end);
  }
}

/** Size of each block; a longer text gets a block of its own. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/** Texts `from` to `from + ends.length` of a {@link TextList}: their UTF-8 one after the other, and where each ends. */
export interface PackedTextRange {
  from: number;
  bytes: Uint8Array;
  ends: Uint32Array;
}

/** A packed range read back, by the texts' indices in the whole list (undefined outside the range). */
export class PackedTexts {
  private readonly bytes: Buffer;

  constructor(private readonly range: PackedTextRange) {
    this.bytes = Buffer.from(range.bytes.buffer, range.bytes.byteOffset, range.bytes.byteLength);
  }

  get length(): number {
    return this.range.from + this.range.ends.length;
  }

  at(index: number): string | undefined {
    const k = index - this.range.from;
    if (!(k >= 0 && k < this.range.ends.length)) return undefined;
    return this.bytes.toString('utf8', k === 0 ? 0 : this.range.ends[k - 1]!, this.range.ends[k]!);
  }
}
