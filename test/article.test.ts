import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { findDate } from '../src/parse/dates.js';

const article = (text: string) => parse(text, { file: 'page.txt' }).article;

describe('article metadata', () => {
  it('reads "Posted on DATE by NAME"', () => {
    expect(article('A headline for a posted article here\n\nPosted on April 3, 2024 by Lisa West\n\nBody.\n')).toMatchObject({
      author: 'Lisa West',
      date: '2024-04-03',
      body: 'Body.',
    });
  });

  it('reads "NAME - DATE"', () => {
    expect(article('Navy orders two more frigates today\n\nGeorge Allison - April 29, 2024\n\nBody.\n')).toMatchObject({
      author: 'George Allison',
      date: '2024-04-29',
      body: 'Body.',
    });
  });

  it('keeps a sentence that starts with "By" in the body and takes no author from it', () => {
    const text = 'Navy plans for the next decade laid out\n\nBy the end of the decade, the Royal Navy will operate eight Type 26 frigates.\n';
    expect(article(text)).toMatchObject({ author: null, body: 'By the end of the decade, the Royal Navy will operate eight Type 26 frigates.' });
  });

  it('does not take a subheading and its paragraph for an author box', () => {
    const text = 'Army gets new vehicles this year at last\n\nBritish Army\n\nBritish Army units will receive the first vehicles in the spring, officials said today.\n\nThe end.\n';
    const result = article(text);
    expect(result.author).toBeNull();
    expect(result.body).toContain('British Army units will receive');
  });

  it('does not take an outlet quoted in the body, or a photo credit, for the site', () => {
    const text = 'Frigates sail for the Baltic this week\n\nThe Kyiv Independent reported that the ships left port.\n\n© UK MOD Crown copyright 2024\n';
    expect(article(text).site).toBeNull();
  });

  it('prefers the headline over repeated share buttons and breadcrumbs', () => {
    const text = 'Share on Facebook\nHome » News » Navy\nShare on Facebook\n\nNavy orders two more frigates today\n\nBody.\n';
    expect(article(text).title).toBe('Navy orders two more frigates today');
  });
});

describe('dates', () => {
  it.each([
    ['April 3, 2024 2:44 PM', '2024-04-03T14:44'],
    ['Oct. 11, 2023', '2023-10-11'],
    ['3 April 2024 09:05', '2024-04-03T09:05'],
    ['date 2025-11-09 Headline', '2025-11-09'],
    ['April 29, 2024 at 14:30 PM', '2024-04-29'],
    ['12:00 AM, January 1st, 2024 12:00 AM', '2024-01-01T00:00'],
  ])('%s → %s', (text, iso) => {
    expect(findDate(text)?.iso).toBe(iso);
  });

  it.each(['February 30, 2024', '2024-13-01', 'no date here'])('finds no date in %s', (text) => {
    expect(findDate(text)).toBeNull();
  });
});
