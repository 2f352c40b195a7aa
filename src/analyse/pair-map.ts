/**
 * Values keyed by a pair of strings (a word and the word after it), looked
 * up by the two strings as they are: no joined key is made per lookup.
 */
export class PairMap<V> {
  private readonly byFirst = new Map<string, Map<string, V>>();

  set(first: string, second: string, value: V): void {
    let seconds = this.byFirst.get(first);
    if (!seconds) this.byFirst.set(first, (seconds = new Map()));
    seconds.set(second, value);
  }

  get(first: string, second: string): V | undefined {
    return this.byFirst.get(first)?.get(second);
  }
}
