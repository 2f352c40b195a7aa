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
