import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ThreadlensError } from '../../model/problem.js';
import { checkOverrides, type ArticleOverrides } from '../../options/index.js';
import { renderOutline } from '../../report/outline.js';
import { renderThreadJson } from '../../report/json.js';
import { exitCodeOf, expandInputs, reportProblem, reportUnshown, usage, type CliIo } from '../io.js';
import { addInputFlags, readingOf, type InputFlags } from '../flags.js';
import { loadPages } from '../load.js';

interface ParseCommandOptions extends InputFlags {
  json?: boolean;
  title?: string;
  author?: string;
  date?: string;
  site?: string;
}

export function registerParse(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('parse')
    .description('rebuild the comment threads of pages and exports as trees: an outline, or JSON with --json')
    .argument('<file...>', 'pages (.txt dumps, saved .html), exports (.xml, .jsonl, .csv), or folders of them')
    .option('--json', 'print the JSON contract instead of an outline')
    .option('--title <text>', 'use this title instead of the page’s (one file only)')
    .option('--author <text>', 'use this author instead of the page’s (one file only)')
    .option('--date <iso>', 'use this date (ISO 8601, e.g. 2024-04-03) instead of the page’s (one file only)')
    .option('--site <name>', 'use this site name instead of the page’s (one file only)')
    .addHelpText('after', '\nA sidecar <file>.meta.json ({"title", "author", "date", "site"}) overrides the page; flags override both.');
  addInputFlags(command).action(async (paths: string[], options: ParseCommandOptions) => {
      const flag = checkFlags(options);
      if (Object.keys(flag).length > 0) {
        const files = await expandInputs(paths, io);
        if (files.length > 1) throw usage(`expected one file with --title/--author/--date/--site, found ${files.length}`);
      }
      const { threads, problems, unshown } = await loadPages(paths, io, {
        reading: { ...readingOf(options), flag },
        analyse: null,
        onPage: (result, found) => {
          for (const problem of found) reportProblem(problem, io);
          if (!options.json) for (const thread of result.threads) io.stdout.write(renderOutline(thread));
        },
      });
      reportUnshown(unshown, io);
      // One page named on the command line prints an object; anything else (several files, a folder, an export of several threads) an array.
      const single = paths.length === 1 && threads.length <= 1 && !(await stat(path.resolve(io.cwd, paths[0]!)).catch(() => null))?.isDirectory();
      if (options.json && (!single || threads.length > 0)) io.stdout.write(renderThreadJson(threads, single));
      setExit(exitCodeOf(problems));
    });
}

function checkFlags(options: ParseCommandOptions): ArticleOverrides {
  const given = Object.fromEntries((['title', 'author', 'date', 'site'] as const).filter((field) => options[field] !== undefined).map((field) => [field, options[field]]));
  try {
    return checkOverrides(given, 'the flags');
  } catch (error) {
    throw usage(error instanceof ThreadlensError ? error.message : String(error));
  }
}
