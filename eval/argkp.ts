/** Readers for ArgKP-2021 (see ../shared/benchmarks/README.md): arguments grouped by topic and stance with their key points. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export interface ArgKpGroup {
  topic: string;
  stance: string;
  keyPoints: Array<{ id: string; text: string }>;
  /** Arguments that match at least one key point, with every key point they match (first listed first). */
  arguments: Array<{ id: string; text: string; matches: string[] }>;
}

export function argKpGroups(dir: string, split: 'train' | 'dev' | 'test'): ArgKpGroup[] {
  const read = (name: string) => parse(readFileSync(path.join(dir, 'argkp2021', `${name}_${split}.csv`), 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  const matches = new Map<string, string[]>();
  for (const row of read('labels')) {
    if (row['label'] !== '1') continue;
    const list = matches.get(row['arg_id']!) ?? [];
    list.push(row['key_point_id']!);
    matches.set(row['arg_id']!, list);
  }
  const groups = new Map<string, ArgKpGroup>();
  const groupOf = (topic: string, stance: string): ArgKpGroup => {
    const key = `${topic}\u0000${stance}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { topic, stance, keyPoints: [], arguments: [] }));
    return group;
  };
  for (const row of read('key_points')) groupOf(row['topic']!, row['stance']!).keyPoints.push({ id: row['key_point_id']!, text: row['key_point']! });
  for (const row of read('arguments')) {
    const found = matches.get(row['arg_id']!);
    if (found) groupOf(row['topic']!, row['stance']!).arguments.push({ id: row['arg_id']!, text: row['argument']!, matches: found });
  }
  return [...groups.values()].filter((group) => group.arguments.length > 0 && group.keyPoints.length > 0);
}
