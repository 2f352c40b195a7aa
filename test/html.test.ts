/// <reference lib="dom" />
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWxr } from '../bench/generate-wxr.js';
import { FIXTURES, ROOT, runCli } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SAMPLE = path.join(ROOT, 'reports', '003_d568973889bbf5ad.html');
const SCREENSHOT = path.join(ROOT, 'docs', 'html-report.png');
const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

describe('the HTML report, as written', () => {
  const html = readFileSync(SAMPLE, 'utf8');

  it('is one self-contained page under a strict Content Security Policy', () => {
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script [^>]*src=|<link |<img |@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('holds every comment with its anchor, and links the moderation queue to them', () => {
    const snapshot = JSON.parse(readFileSync(SAMPLE.replace(/\.html$/, '.json'), 'utf8'));
    for (const comment of snapshot.thread.comments) expect(html).toContain(`id="c-${comment.id}"`);
    for (const item of snapshot.metrics.moderationQueue) expect(html).toContain(`<a href="#c-${item.commentId}">`);
  });
});

describe('hostile comments in the HTML report', () => {
  const out = scratch('threadlens-html-hostile-');
  let html = '';
  beforeAll(async () => {
    expect((await runCli(['analyse', path.join(FIXTURES, 'hostile', 'formulas-and-markup.txt'), '--out', out, '--format', 'html', '--quiet'])).code).toBe(0);
    html = readFileSync(path.join(out, 'formulas-and-markup.html'), 'utf8');
  });

  it('are text, never markup: tags, handlers and javascript: links escaped', () => {
    const body = html.slice(html.indexOf('<body>'));
    expect(body.match(/<script/g)).toHaveLength(1);
    expect(body).not.toMatch(/<img|<iframe|\son(?:error|load|click)=|href="javascript:/i);
    expect(body).toContain('&lt;script&gt;');
  });
});

const browserTests = existsSync(CHROMIUM) ? describe : describe.skip;

browserTests('the HTML report in Chromium', () => {
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report page; every console error, page error, dialog and request beyond the page itself is recorded. */
  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const url = pathToFileURL(file).href;
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url);
    await page.waitForLoadState('load');
    return { page, errors, requests, dialogs };
  }

  it('loads with no console errors and no requests, and its charts and tree show', async () => {
    const { page, errors, requests } = await open(SAMPLE);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#shown').textContent()).toBe('24 of 24 comments match');
    await page.close();
  });

  it('folds a reply chain and unfolds it, by mouse and by keyboard', async () => {
    const { page } = await open(SAMPLE);
    const details = page.locator('#tree details').first();
    const reply = details.locator('article').first();
    await expect.poll(() => reply.isVisible()).toBe(true);
    await details.locator('summary').first().click();
    expect(await details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    expect(await reply.isVisible()).toBe(false);
    await details.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await details.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    expect(await reply.isVisible()).toBe(true);
    await page.close();
  });

  it('filters: flagged only, disagreements only, one argument, words; a queue link unfolds its comment', async () => {
    const snapshot = JSON.parse(readFileSync(SAMPLE.replace(/\.html$/, '.json'), 'utf8'));
    const comments = snapshot.thread.comments as Array<{ id: string; text: string; data: { incivility: { kinds: string[] }; stance: { stance: string }; cluster: { id: string } | null } }>;
    const { page, errors } = await open(SAMPLE);
    const matching = () => page.locator('li.comment:not([hidden]):not(.context)').evaluateAll((items) => items.map((item) => item.querySelector('article')!.id.slice(2)));
    await page.check('#f-flagged');
    expect((await matching()).sort()).toEqual(comments.filter((comment) => comment.data.incivility.kinds.length > 0).map((comment) => comment.id).sort());
    // The comments a match answers stay shown, dimmed, for context; no other comment does.
    const shownWithHiddenAncestor = await page.locator('li.comment:not([hidden])').evaluateAll((items) =>
      items.filter((item) => {
        for (let up = item.parentElement?.closest('li.comment'); up; up = up.parentElement?.closest('li.comment')) if ((up as HTMLElement).hidden) return true;
        return false;
      }).length,
    );
    expect(shownWithHiddenAncestor).toBe(0);
    expect(await page.locator('li.comment.context').count()).toBeGreaterThan(0);
    expect(await page.locator('li.comment.context').evaluateAll((items) => items.every((item) => item.querySelector('li.comment:not([hidden]):not(.context)') !== null))).toBe(true);
    await page.uncheck('#f-flagged');
    await page.check('#f-disagree');
    expect((await matching()).sort()).toEqual(comments.filter((comment) => comment.data.stance.stance === 'disagree').map((comment) => comment.id).sort());
    await page.uncheck('#f-disagree');
    await page.selectOption('#f-argument', 'buffer-zone');
    expect((await matching()).sort()).toEqual(comments.filter((comment) => comment.data.cluster?.id === 'buffer-zone').map((comment) => comment.id).sort());
    await page.selectOption('#f-argument', '');
    await page.fill('#f-search', 'peace');
    const found = comments.filter((comment) => comment.text.toLowerCase().includes('peace')).map((comment) => comment.id);
    expect(found.length).toBeGreaterThan(0);
    expect((await matching()).sort()).toEqual(found.sort());
    await page.fill('#f-search', '');
    expect(await page.locator('li.comment[hidden]').count()).toBe(0);
    // Fold everything, then follow the first queue link: its comment opens.
    await page.locator('#tree details').evaluateAll((all) => all.forEach((element) => ((element as HTMLDetailsElement).open = false)));
    const first = snapshot.metrics.moderationQueue[0].commentId as string;
    await page.click(`#queue ~ table a[href="#c-${first}"]`);
    expect(await page.locator(`#c-${first}`).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters by author on an export that names them', async () => {
    const dir = scratch('threadlens-html-authors-');
    const file = path.join(dir, 'export.xml');
    await generateWxr(file, 200_000, 5);
    expect((await runCli(['analyse', file, '--out', path.join(dir, 'out'), '--format', 'html', '--quiet'])).code).toBe(0);
    const index = await open(path.join(dir, 'out', 'index.html'));
    expect(index.errors).toEqual([]);
    const firstThread = await index.page.locator('section[aria-labelledby="threads"] a').first().getAttribute('href');
    await index.page.close();
    const { page, errors, requests } = await open(path.join(dir, 'out', decodeURI(firstThread!)));
    const authors = await page.locator('#f-author option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
    expect(authors.length).toBeGreaterThan(0);
    await page.selectOption('#f-author', authors[0]!);
    const shown = await page.locator('li.comment:not([hidden]):not(.context)').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['author']));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set([authors[0]]));
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it('runs nothing from a hostile page: no script, no dialog, no request', async () => {
    const out = scratch('threadlens-html-hostile-run-');
    expect((await runCli(['analyse', path.join(FIXTURES, 'hostile'), '--out', out, '--format', 'html', '--quiet'])).code).not.toBe(2);
    for (const name of ['formulas-and-markup.html', 'attacks.html', 'index.html']) {
      const { page, errors, requests, dialogs } = await open(path.join(out, name));
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      // Hover and filter over everything: still nothing runs.
      for (const article of await page.locator('article').all()) await article.hover();
      if (name === 'attacks.html') {
        const authors = await page.locator('#f-author option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
        expect(authors).toContain('"><script>window.pwned=1</script>');
        for (const author of authors) await page.selectOption('#f-author', author);
        expect(await page.locator('article').first().textContent()).toContain('<img src=x onerror="window.pwned=2">');
      }
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)).toBe(0);
      expect(await page.evaluate(() => Array.from(document.querySelectorAll("a")).filter((a) => !/^(#|[\w.-]+\.html(#.*)?$)/.test(a.getAttribute('href') ?? '')).length)).toBe(0);
      await page.close();
    }
  });

  it('is navigable: headings in order, every control labelled, charts named', async () => {
    const { page } = await open(SAMPLE);
    const levels = await page.locator('h1, h2, h3, h4').evaluateAll((headings) => headings.map((heading) => Number(heading.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    const unlabelled = await page.locator('input, select').evaluateAll((controls) =>
      controls.filter((control) => (control as HTMLInputElement).labels?.length === 0 && !control.getAttribute('aria-label')).map((control) => control.id),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.locator('svg:not([aria-label])').count()).toBe(0);
    // The first Tab stops are the link back to the run, then links and controls in reading order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('All threads of the run');
    await page.close();
  });

  it('takes a screenshot of the sample report that is not blank', async () => {
    const { page } = await open(SAMPLE);
    const png = await page.screenshot({ fullPage: false });
    expect(distinctPixelBytes(png)).toBeGreaterThan(20);
    // The README's picture: written when missing, or on purpose with UPDATE_GOLDEN=1.
    if (!existsSync(SCREENSHOT) || process.env['UPDATE_GOLDEN'] === '1') writeFileSync(SCREENSHOT, png);
    await page.close();
  });
});

/** How many different byte values the image's pixel rows hold (a blank page has one or two). */
function distinctPixelBytes(png: Buffer): number {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return new Set(inflateSync(Buffer.concat(parts))).size;
}
