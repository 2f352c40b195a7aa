import path from 'node:path';
import type { Command } from 'commander';
import { normalizeRenderOptions, RENDER_FORMATS, type RenderFormat } from '../../options/index.js';
import { addAnalyseFlags, analyseOnDisk, analyseOptionsOf, jobsOf, type AnalyseFlags } from '../flags.js';
import { EXIT, exitCodeOf, reportProblem, usage, type CliIo } from '../io.js';
import type { Problem } from '../../model/index.js';
import { checkReportSetTarget, writeReportSet } from '../output.js';
import { renderSet } from '../render.js';

interface AnalyseCommandOptions extends AnalyseFlags {
  out: string;
  format: string;
  bom?: boolean;
  quiet?: boolean;
}

export function registerAnalyse(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('analyse')
    .alias('analyze')
    .description('the main job: parse, score and cluster pages, then write Markdown reports, CSV and JSON snapshots')
    .argument('[path...]', 'pages (.txt dumps, saved .html), exports (.xml, .jsonl, .csv), or folders of them', ['corpus'])
    .option('--out <dir>', 'the folder to write into (replaced as a whole, at once)', 'reports')
    .option('--format <format>', 'reports (Markdown and HTML reports, CSV and a workbook, JSON snapshots), html (the HTML pages alone), xlsx (the workbook alone) or convokit (a ConvoKit corpus folder)', 'reports')
    .option('--bom', 'start the CSV files with a UTF-8 byte-order mark, for Excel')
    .option('--quiet', 'no progress lines on stderr');
  addAnalyseFlags(command).action(async (paths: string[], options: AnalyseCommandOptions) => {
    if (!(RENDER_FORMATS as readonly string[]).includes(options.format)) throw usage(`expected --format ${RENDER_FORMATS.join(', ')}, found ${JSON.stringify(options.format)}`);
    const rendering = normalizeRenderOptions({ format: options.format as RenderFormat, bom: options.bom === true });
    const progress = options.quiet || !io.stderrIsTty ? null : (line: string) => io.stderr.write(`${line}\n`);
    const analyse = await analyseOptionsOf(options, io);
    // An output folder that cannot be written fails now, not after the analysis.
    const out = path.resolve(io.cwd, options.out);
    await checkReportSetTarget(out, { kind: 'analyse', shownAs: options.out });
    await analyseOnDisk(paths, io, options, analyse, async (run, problems, count) => {
      if (run === null) {
        // Nothing could be read: the previous reports stay as they are.
        setExit(EXIT.inputError);
        return;
      }
      progress?.(`threadlens: analysed ${count} thread${count === 1 ? '' : 's'}; clustering…`);
      const start = performance.now();
      const notes: Problem[] = [];
      const { files } = await writeReportSet(out, renderSet(run, rendering, jobsOf(options), notes), { kind: 'analyse', runId: run.id, shownAs: options.out });
      for (const note of notes) reportProblem({ ...note, file: path.join(options.out, note.file ?? '') }, io);
      io.onStage?.('write', performance.now() - start);
      progress?.(`threadlens: wrote ${files} files to ${options.out}`);
      setExit(exitCodeOf(problems));
    });
  });
}
