import type { Command } from 'commander';
import type { Thread } from '../../model.js';
import { parse } from '../../parse/index.js';
import { parseSidecar } from '../../parse/sidecar.js';
import { checkOverrides, type ArticleOverrides } from '../../options.js';
import { ThreadlensError } from '../../errors.js';
import { formatDiagnostic } from '../../report/diagnostics.js';
import { renderOutline } from '../../report/outline.js';
import { renderThreadJson } from '../../report/json.js';
import { EXIT, expandInputs, readInput, readOptionalText, reportError, type CliIo } from '../io.js';
import { UsageError } from '../usage.js';

interface ParseCommandOptions {
  json?: boolean;
  title?: string;
  author?: string;
  date?: string;
  site?: string;
  tabSize?: string;
}

export function registerParse(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('parse')
    .description('rebuild the comment threads of pages as trees: an outline, or JSON with --json')
    .argument('<file...>', 'page dumps (.txt), or folders of them')
    .option('--json', 'print the JSON contract instead of an outline')
    .option('--title <text>', 'use this title instead of the page’s (one file only)')
    .option('--author <text>', 'use this author instead of the page’s (one file only)')
    .option('--date <iso>', 'use this date (ISO 8601, e.g. 2024-04-03) instead of the page’s (one file only)')
    .option('--site <name>', 'use this site name instead of the page’s (one file only)')
    .option('--tab-size <n>', 'columns between tab stops in indentation', '8')
    .addHelpText('after', '\nA sidecar <file>.meta.json ({"title", "author", "date", "site"}) overrides the page; flags override both.')
    .action(async (paths: string[], options: ParseCommandOptions) => {
      setExit(await runParse(paths, options, io));
    });
}

async function runParse(paths: string[], options: ParseCommandOptions, io: CliIo): Promise<number> {
  const tabSize = Number(options.tabSize);
  const flag = checkFlags(options);
  const files = await expandInputs(paths, io);
  if (files.length === 0) throw new UsageError(`expected page files, found none in ${paths.join(', ')}`);
  if (Object.keys(flag).length > 0 && files.length > 1) {
    throw new UsageError(`expected one file with --title/--author/--date/--site, found ${files.length}`);
  }

  let exitCode: number = EXIT.ok;
  const threads: Thread[] = [];
  for (const file of files) {
    try {
      const bytes = await readInput(file, io);
      const sidecarText = await readOptionalText(`${file}.meta.json`, io);
      const sidecar = sidecarText === null ? {} : parseSidecar(sidecarText, `${file}.meta.json`);
      const thread = parse(bytes, { file, tabSize, overrides: { sidecar, flag } });
      for (const diagnostic of thread.diagnostics) io.stderr.write(formatDiagnostic(file, diagnostic) + '\n');
      if (thread.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) exitCode = EXIT.inputError;
      threads.push(thread);
      if (!options.json) io.stdout.write(renderOutline(thread));
    } catch (error) {
      if (error instanceof ThreadlensError && error.code === 'invalid-option') throw new UsageError(error.message);
      reportError(error, io);
      exitCode = EXIT.inputError;
    }
  }
  if (options.json && threads.length > 0) io.stdout.write(renderThreadJson(threads));
  return exitCode;
}

function checkFlags(options: ParseCommandOptions): ArticleOverrides {
  const given = Object.fromEntries(
    (['title', 'author', 'date', 'site'] as const).filter((field) => options[field] !== undefined).map((field) => [field, options[field]]),
  );
  try {
    return checkOverrides(given, 'the flags');
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
