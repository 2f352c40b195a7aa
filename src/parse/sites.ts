import type { SourceLine } from './lines.js';

/**
 * News sites threadlens recognises by what their pages print about themselves
 * (name, domain, newsletter or channel names). A page matching none falls back
 * to its copyright line. Add a site here when its pages arrive in the corpus.
 */
export const KNOWN_SITES: ReadonlyArray<{ name: string; signature: RegExp }> = [
  { name: 'UK Defence Journal', signature: /\buk ?defence ?journal\b/i },
  { name: 'Euromaidan Press', signature: /\beuromaidan ?press\b/i },
  { name: 'AMN', signature: /\bAMN\b/ },
  { name: 'online.ua', signature: /\bonline\.ua\b/i },
  { name: 'The Kyiv Independent', signature: /\bkyiv independent\b/i },
];

/** `Copyright © 2024 Example News. All rights reserved.` → `Example News`. */
const COPYRIGHT_OWNER = /^(?:copyright\s*)?(?:©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^.|,]{2,60}?)\s*(?:[.|,]|$)/i;

/** Copyright lines that credit a photo, not the site. */
const PHOTO_CREDIT = /\b(?:copyright|photo|image|getty|reuters|afp|ap|shutterstock|crown|mod)\b/i;

/** The site, from the lines where pages name themselves (furniture, bylines). */
export function detectSite(lines: SourceLine[]): { value: string; line: SourceLine } | null {
  for (const line of lines) {
    const site = KNOWN_SITES.find((candidate) => candidate.signature.test(line.content));
    if (site) return { value: site.name, line };
  }
  for (const line of lines) {
    const owner = COPYRIGHT_OWNER.exec(line.content.replace(/^copyright\s+(?=©)/i, ''));
    if (owner && !PHOTO_CREDIT.test(owner[1]!)) return { value: owner[1]!.trim(), line };
  }
  return null;
}
