/**
 * Charts drawn as inline SVG for the HTML reports: bars from zero, labelled
 * axes, every value written beside its bar (readable without colour), and
 * the Okabe–Ito colours, which stay apart for colour-blind readers. Only
 * presentation attributes, no `style`: the pages' Content Security Policy
 * allows no inline styles.
 */
import { escapeHtml } from './html-escape.js';

/** Okabe–Ito: blue, vermillion, bluish green, orange, sky blue, reddish purple, grey. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#56B4E9', '#CC79A7', '#666666'] as const;

export interface Bar {
  label: string;
  value: number;
  /** The value as written beside the bar. */
  text: string;
}

const ROW = 24;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 300;
const VALUE_WIDTH = 70;
const TOP = 8;
const AXIS = 34;

/** Horizontal bars from zero up to `max`, one row each, with an axis from 0 to `max` and its caption. */
export function barChart(title: string, bars: Bar[], options: { max: number; axis: string; ticks: string[]; colour?: string }): string {
  const height = TOP + bars.length * ROW + AXIS;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const scale = (value: number): number => (options.max <= 0 ? 0 : (Math.max(0, value) / options.max) * BAR_WIDTH);
  const rows = bars.map((bar, i) => {
    const y = TOP + i * ROW;
    const length = scale(bar.value);
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(shorten(bar.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${length.toFixed(1)}" height="${ROW - 8}" fill="${options.colour ?? PALETTE[0]}"></rect>` +
      `<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${y + 16}">${escapeHtml(bar.text)}</text>`
    );
  });
  const axisY = TOP + bars.length * ROW;
  const ticks = options.ticks.map((tick, i) => {
    const x = LABEL_WIDTH + (options.ticks.length === 1 ? 0 : (i / (options.ticks.length - 1)) * BAR_WIDTH);
    return `<line x1="${x.toFixed(1)}" y1="${axisY}" x2="${x.toFixed(1)}" y2="${axisY + 4}" stroke="#444"></line><text x="${x.toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${escapeHtml(tick)}</text>`;
  });
  return frame(title, width, height, [
    ...rows,
    `<line x1="${LABEL_WIDTH}" y1="${TOP}" x2="${LABEL_WIDTH}" y2="${axisY}" stroke="#444"></line>`,
    `<line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${LABEL_WIDTH + BAR_WIDTH}" y2="${axisY}" stroke="#444"></line>`,
    ...ticks,
    `<text x="${LABEL_WIDTH + BAR_WIDTH / 2}" y="${axisY + 30}" text-anchor="middle">${escapeHtml(options.axis)}</text>`,
  ]);
}

/**
 * Bars for values in [−1, 1] drawn from a zero line in the middle: left for
 * negative (vermillion), right for positive (blue), the value written at the
 * bar's end, the axis marked −1, 0 and +1.
 */
export function divergingChart(title: string, bars: Bar[], axis: string): string {
  const half = BAR_WIDTH / 2;
  const zero = LABEL_WIDTH + half;
  const height = TOP + bars.length * ROW + AXIS;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const rows = bars.map((bar, i) => {
    const y = TOP + i * ROW;
    const length = Math.min(1, Math.abs(bar.value)) * half;
    const negative = bar.value < 0;
    const x = negative ? zero - length : zero;
    const textX = negative ? zero + 6 : zero + length + 6;
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(shorten(bar.label))}</text>` +
      `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${length.toFixed(1)}" height="${ROW - 8}" fill="${negative ? PALETTE[1] : PALETTE[0]}"></rect>` +
      `<text x="${textX.toFixed(1)}" y="${y + 16}">${escapeHtml(bar.text)}</text>`
    );
  });
  const axisY = TOP + bars.length * ROW;
  const ticks = [
    [LABEL_WIDTH, '−1'],
    [zero, '0'],
    [LABEL_WIDTH + BAR_WIDTH, '+1'],
  ].map(([x, tick]) => `<line x1="${x}" y1="${axisY}" x2="${x}" y2="${axisY + 4}" stroke="#444"></line><text x="${x}" y="${axisY + 16}" text-anchor="middle">${tick}</text>`);
  return frame(title, width, height, [
    ...rows,
    `<line x1="${zero}" y1="${TOP}" x2="${zero}" y2="${axisY}" stroke="#444"></line>`,
    `<line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${LABEL_WIDTH + BAR_WIDTH}" y2="${axisY}" stroke="#444"></line>`,
    ...ticks,
    `<text x="${zero}" y="${axisY + 30}" text-anchor="middle">${escapeHtml(axis)}</text>`,
  ]);
}

function frame(title: string, width: number, height: number, parts: string[]): string {
  return (
    `<figure><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" font-size="12" font-family="system-ui, sans-serif" fill="#222">` +
    parts.join('') +
    '</svg></figure>'
  );
}

function shorten(label: string): string {
  return label.length > 30 ? `${label.slice(0, 29).trimEnd()}…` : label;
}
