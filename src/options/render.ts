import { ThreadlensError, describeValue } from '../model/problem.js';
import { brand, isBranded } from './brand.js';

/** What `render` writes: the moderation reports (Markdown and HTML, CSV and the workbook, JSON snapshots), the HTML pages alone, the workbook alone, or a ConvoKit corpus. */
export type RenderFormat = 'reports' | 'html' | 'xlsx' | 'convokit';

export const RENDER_FORMATS: readonly RenderFormat[] = ['reports', 'html', 'xlsx', 'convokit'];

/** Options of {@link render}; every field is optional. */
export interface RenderOptions {
  /** Default `reports`. */
  format?: RenderFormat;
  /** Start the CSV files with a UTF-8 byte-order mark, which Excel needs. Default false. */
  bom?: boolean;
}

export interface NormalizedRenderOptions {
  format: RenderFormat;
  bom: boolean;
}

/** Fills the defaults of the writers; misuse throws `invalid-option`. */
export function normalizeRenderOptions(options: RenderOptions | NormalizedRenderOptions = {}): NormalizedRenderOptions {
  if (isBranded<NormalizedRenderOptions>(options)) return options;
  if (typeof options !== 'object' || options === null) throw new ThreadlensError('invalid-option', `expected render options to be an object, found ${describeValue(options)}`);
  const format = options.format ?? 'reports';
  if (!RENDER_FORMATS.includes(format)) throw new ThreadlensError('invalid-option', `expected option "format" to be ${RENDER_FORMATS.join(', ')}, found ${describeValue(format)}`);
  const bom = options.bom ?? false;
  if (typeof bom !== 'boolean') throw new ThreadlensError('invalid-option', `expected option "bom" to be true or false, found ${describeValue(bom)}`);
  return brand({ format, bom });
}
