/**
 * Integer ids for the words a model knows, and tables keyed by them: a
 * text's words are each looked up once, and the model's single-word and
 * word-pair entries are then read by number (no key string made per pair, no
 * map of maps to walk).
 */
export class WordIds {
  private readonly ids = new Map<string, number>();

  /** The word's id, given on first sight. */
  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) this.ids.set(word, (id = this.ids.size));
    return id;
  }

  /** The word's id, or -1 for a word the model does not know. */
  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Mixes two ids into a table slot (multiplicative hashing). */
function slotOf(a: number, b: number, mask: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0 & mask;
}

/** A fixed table from a pair of ids to a number (open addressing), built once per model. */
export class IdPairTable {
  private readonly mask: number;
  /** Per slot: first id, second id, value; -1 first id: empty. */
  private readonly slots: Int32Array;

  constructor(entries: ReadonlyArray<readonly [number, number, number]>) {
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 3).fill(-1);
    for (const [a, b, value] of entries) {
      const at = this.find(a, b);
      this.slots[at] = a;
      this.slots[at + 1] = b;
      this.slots[at + 2] = value;
    }
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    return this.slots[this.find(a, b) + 2]!;
  }

  private find(a: number, b: number): number {
    const slots = this.slots;
    let slot = slotOf(a, b, this.mask);
    for (;;) {
      const at = slot * 3;
      if (slots[at] === -1 || (slots[at] === a && slots[at + 1] === b)) return at;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * The pairs of ids seen so far in one text, to count each once: reused from
 * text to text (a stamp per slot says which text wrote it), grown as needed.
 */
export class IdPairSet {
  private mask = 0;
  private slots = new Int32Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;

  /** Empties the set, making room for `capacity` pairs. */
  reset(capacity: number): void {
    if (capacity * 2 > this.stamps.length) {
      let size = 64;
      while (size < capacity * 2) size *= 2;
      this.mask = size - 1;
      this.slots = new Int32Array(size * 2);
      this.stamps = new Uint32Array(size);
      this.stamp = 0;
    }
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds (a, b); whether it was new. */
  add(a: number, b: number): boolean {
    let slot = slotOf(a, b, this.mask);
    while (this.stamps[slot] === this.stamp) {
      if (this.slots[slot * 2] === a && this.slots[slot * 2 + 1] === b) return false;
      slot = (slot + 1) & this.mask;
    }
    this.stamps[slot] = this.stamp;
    this.slots[slot * 2] = a;
    this.slots[slot * 2 + 1] = b;
    return true;
  }
}

/** Which ids one text has used so far, to count each once: a stamp per id, so that starting over costs nothing. */
export class IdMarks {
  private readonly stamps: Uint32Array;
  private stamp = 0;

  constructor(size: number) {
    this.stamps = new Uint32Array(size);
  }

  reset(): void {
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Marks the id; whether it was unmarked. */
  mark(id: number): boolean {
    if (this.stamps[id] === this.stamp) return false;
    this.stamps[id] = this.stamp;
    return true;
  }
}
