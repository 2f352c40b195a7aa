/** Finds and normalises the dates pages print in bylines and datelines. */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const TIME = '(?:,?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?:\\s*([AaPp])\\.?[Mm]\\.?)?)?';

const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?\b/;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})${TIME}`, 'i');

export interface FoundDate {
  /** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` when the page gives a time. */
  iso: string;
  /** Where the date text starts in the searched string, and its length. */
  index: number;
  length: number;
}

/** The first valid date in `text`, or null. Bounded regexes: linear in the text. */
export function findDate(text: string): FoundDate | null {
  const found: FoundDate[] = [];
  const iso = ISO_DATE.exec(text);
  if (iso) push(found, iso, Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4], iso[5], undefined);
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) push(found, mdy, Number(mdy[3]), monthNumber(mdy[1]!), Number(mdy[2]), mdy[4], mdy[5], mdy[6]);
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) push(found, dmy, Number(dmy[3]), monthNumber(dmy[2]!), Number(dmy[1]), dmy[4], dmy[5], dmy[6]);
  found.sort((a, b) => a.index - b.index);
  return found[0] ?? null;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function push(
  found: FoundDate[],
  match: RegExpExecArray,
  year: number,
  month: number,
  day: number,
  hourText: string | undefined,
  minuteText: string | undefined,
  meridiem: string | undefined,
): void {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year < 1900 || year > 2200) return;
  let iso = `${year}-${pad(month)}-${pad(day)}`;
  const time = hourText !== undefined && minuteText !== undefined ? clockTime(Number(hourText), Number(minuteText), meridiem) : null;
  // An impossible time ("14:30 PM") is dropped; the date still stands.
  if (time !== null) iso += `T${time}`;
  found.push({ iso, index: match.index, length: match[0].length });
}

function clockTime(hour: number, minute: number, meridiem: string | undefined): string | null {
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  return hour > 23 || minute > 59 ? null : `${pad(hour)}:${pad(minute)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Accepts `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` as given by a user (a real date,
 * a real time) and returns it trimmed; anything else, seconds and time zones
 * included, is null: threadlens dates are local page dates, compared as text.
 */
export function normaliseIsoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  if (match[4] !== undefined && clockTime(Number(match[4]), Number(match[5]), undefined) === null) return null;
  const found: FoundDate[] = [];
  push(found, match, Number(match[1]), Number(match[2]), Number(match[3]), match[4], match[5], undefined);
  return found.length === 1 ? text.trim() : null;
}
