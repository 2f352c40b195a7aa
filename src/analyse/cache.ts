/**
 * A memo of the latest results: stages that look at the same text (a comment
 * is tokenised for sentiment, for stance, and as the parent of its replies)
 * share the work. Bounded, oldest out first, so memory stays flat however
 * large the corpus. analyseThread scores a thread a block of comments at a
 * time, so a text is asked for again soon after it was first read (by the
 * other scorers, and by its replies, which in a page or an export follow their
 * parent closely): a thousand entries keep a worker's memos to tens of megabytes
 * (8,192 held ~90 MB of token lists and profiles, and the garbage collector
 * let the heap grow to several times that before collecting).
 */
export const TEXT_MEMO_CAPACITY = 1024;

/** Memoises `compute`, keeping the latest `capacity` results (see {@link TEXT_MEMO_CAPACITY}). */
export function memoise<V>(compute: (key: string) => V, capacity = TEXT_MEMO_CAPACITY, options: { freeze?: boolean } = {}): (key: string) => V {
  const cache = new Map<string, V>();
  // The keys in the order they came, as a ring: the oldest is dropped without walking the map.
  const order: string[] = new Array(capacity);
  let next = 0;
  const freeze = options.freeze ?? true;
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    // Frozen: every caller gets the same object, so none may change it for the
    // others. A module's private memo whose values never leave it may skip that.
    const value = freeze ? deepFreeze(compute(key)) : compute(key);
    if (cache.size >= capacity) cache.delete(order[next]!);
    cache.set(key, value);
    order[next] = key;
    next = (next + 1) % capacity;
    return value;
  };
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
