import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SET_MARKER } from '../src/cli/output.js';

/** Staging and old-set folders beside `out` (what a killed run may leave). */
export function leftovers(out: string): string[] {
  const prefix = `.${path.basename(out)}.`;
  return readdirSync(path.dirname(out)).filter((name) => name.startsWith(prefix) && /^(staging|old)-/.test(name.slice(prefix.length)));
}

/** Waits until a staging folder of `pid` beside `out` holds its marker: the new set is complete, the switch is next. False after `limitMs`. */
export async function markerAppears(out: string, pid: number, limitMs: number): Promise<boolean> {
  const parent = path.dirname(out);
  const prefix = `.${path.basename(out)}.staging-${pid}-`;
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    for (const name of readdirSync(parent)) {
      if (name.startsWith(prefix) && existsSync(path.join(parent, name, SET_MARKER))) return true;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}
