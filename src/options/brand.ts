/**
 * Normalised options are marked when they are made, so that a stage given
 * options that are already normalised uses them as they are: options are
 * checked and filled once per run, however many stages take them.
 */
const normalised = new WeakSet<object>();

export function brand<T extends object>(options: T): T {
  normalised.add(options);
  return Object.freeze(options);
}

export function isBranded<T extends object>(options: unknown): options is T {
  return typeof options === 'object' && options !== null && normalised.has(options);
}
