import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);

/** Splits a command line as a shell would for these simple examples: spaces, and double quotes. */
function splitArgs(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

const run = runCli;

describe('the README', () => {
  const examples = blocks('sh')
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('npx threadlens '));

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  // Examples run in a scratch folder holding a copy of corpus/, so those that write files write there.
  const scratch = mkdtempSync(path.join(tmpdir(), 'threadlens-readme-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(scratch, 'corpus'), { recursive: true });
  cpSync(path.join(ROOT, 'test', 'fixtures', 'compare'), path.join(scratch, 'test', 'fixtures', 'compare'), { recursive: true });
  for (const example of examples) {
    it(`runs: ${example}`, async () => {
      const { code, stdout } = await runCli(splitArgs(example).slice(2), scratch);
      expect(code).toBe(0);
      if (!example.includes(' analyse')) expect(stdout).not.toBe('');
    });
  }

  it('writes the reports its analyse examples promise', () => {
    expect(existsSync(path.join(scratch, 'reports', 'summary.md'))).toBe(true);
    expect(existsSync(path.join(scratch, 'reports-sample', '003_d568973889bbf5ad.md'))).toBe(true);
  });

  it('shows the outline exactly as parse prints it', async () => {
    const shown = blocks('text').find((block) => block.startsWith('corpus/003_d568973889bbf5ad.txt\n'))!;
    const { stdout } = await run(['parse', 'corpus/003_d568973889bbf5ad.txt']);
    expect(stdout.startsWith(shown)).toBe(true);
  });

  it('shows a diagnostic line exactly as parse prints it', async () => {
    const shown = blocks('text').find((block) => block.includes('[skipped-depth]') && !block.includes('  c1 '))!;
    const { stderr } = await run(['parse', 'corpus/003_d568973889bbf5ad.txt']);
    expect(stderr).toContain(shown);
  });
});
