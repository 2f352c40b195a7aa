/**
 * A deterministic generator of synthetic UKDJ-style pages for the benchmark:
 * its own vocabulary and sentence templates, threads of realistic size and
 * depth (bushy at the top, a few long chains), comments of about sixty words.
 *
 * The comments argue: each draws mostly on one of several argument families
 * (escalation and nuclear risk, talks against standing firm, buffer zones,
 * procurement, troop numbers, sanctions and energy, air defence and drones,
 * and off-topic banter), each with its own subjects, claims and vocabulary,
 * and now and then borrows a sentence from a second one — so that a run's
 * comments spread over several clusters, as real threads do, instead of all
 * sharing one vocabulary. A page's article is about one family, which its
 * comments favour.
 *
 * Two shapes for the bench (`SHAPES`): many pages of 50 comments, and big
 * threads of 5,000. Corpora are written page by page, each page in pieces,
 * so that a million comments (about 350 MB) never sit in memory at once.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/analyse/random.js';

type Next = () => number;

interface Family {
  id: string;
  /** Headlines of an article about this family; `{o}` takes one of its objects. */
  headlines: readonly string[];
  /** Who the claims are about; a leading `+` marks a plural (`+the sanctions`). */
  subjects: readonly string[];
  /** Verb phrases written for a singular subject; `{o}` takes one of the family's objects. */
  claims: readonly string[];
  objects: readonly string[];
  /** Remarks that stand as a sentence of their own. */
  remarks: readonly string[];
  /** How often a comment picks this family, relative to the others. */
  weight: number;
}

const FAMILIES: readonly Family[] = [
  {
    id: 'escalation',
    headlines: ['Kremlin repeats warnings over {o}', 'Analysts weigh the risk of {o}', 'Allies split on {o}'],
    subjects: ['Putin', 'the Kremlin', 'Medvedev', 'Russian state television', '+the hawks in Moscow', 'every Russian spokesman', '+the people warning about escalation', '+the doom-mongers on here', '+their general staff'],
    claims: [
      'keeps waving {o} at us',
      'will not start a nuclear war over {o}',
      'drew a red line over {o} and then quietly moved it',
      'knows full well that {o} would end the regime',
      'wants us frightened of {o}',
      'is bluffing about {o} yet again',
      'would be mad to escalate over {o}',
      'treats {o} as an excuse to threaten armageddon',
      'has been crying wolf about {o} since 2022',
    ],
    objects: ['tactical nuclear weapons', 'the nuclear arsenal', 'long range strikes inside Russia', 'western jets over Crimea', 'a direct clash with NATO', 'a third world war', 'the latest red lines', 'Article 5', 'mutually assured destruction', 'nuclear retaliation'],
    remarks: [
      'Deterrence has held since 1945 for a reason',
      'Nobody wins a nuclear exchange and they know it',
      'Every red line so far has turned out to be a bluff',
      'Even Beijing told them plainly not to touch the nukes',
      'Fear of escalation is exactly what they are counting on',
      'The Cuban missile crisis came a lot closer than this',
      'Brinkmanship only works if the other side blinks',
    ],
    weight: 3,
  },
  {
    id: 'talks',
    headlines: ['Calls grow for {o}', 'Envoys meet to discuss {o}', 'Kyiv rejects {o}'],
    subjects: ['the peace lobby', 'anyone calling for talks now', 'the ceasefire crowd', '+half the western capitals', 'Kyiv', 'the next American president', '+the diplomats', 'Orban', '+the realists on here'],
    claims: [
      'would happily hand Moscow {o}',
      'keeps pushing {o}',
      'cannot sign up to {o} while the front is still moving',
      'honestly thinks {o} will bring peace',
      'is only rewarding aggression with {o}',
      'should insist on guarantees before {o}',
      'has learned nothing from {o}',
      'is quietly negotiating towards {o}',
      'will be blamed for {o} whatever happens',
    ],
    objects: ['a frozen conflict', 'land for peace', 'a ceasefire on the current line', 'territorial concessions', 'another Minsk agreement', 'peace talks', 'a negotiated settlement', 'the occupied regions', 'a deal signed under pressure', 'an armistice'],
    remarks: [
      'Munich in 1938 should have taught us that',
      'Minsk bought them eight years to rearm',
      'Every war ends at a negotiating table sooner or later',
      'A ceasefire without guarantees is just a pause to reload',
      'Appeasement has never worked with a dictator',
      'You negotiate from strength or not at all',
      'Compromise sounds reasonable until it is your town being handed over',
    ],
    weight: 3,
  },
  {
    id: 'buffer',
    headlines: ['Europe studies {o}', 'Plan for {o} gains support', 'Generals sceptical of {o}'],
    subjects: ['a buffer zone', 'the demilitarised strip', 'a peacekeeping force', 'the reassurance force', '+European troops on the ground', 'a Korean style armistice line', 'the neutral zone plan', 'the protectorate idea'],
    claims: [
      'would need {o} to mean anything',
      'falls apart the moment you ask about {o}',
      'only freezes {o} in place',
      'cannot be policed without {o}',
      'might just hold if it is backed by {o}',
      'is really a polite word for {o}',
      'depends entirely on {o}',
      'would collapse without {o}',
    ],
    objects: ['thousands of peacekeepers', 'real security guarantees', 'the dividing line', 'western boots on the ground', 'partition', 'a no-fly zone', 'a fifty kilometre strip', 'monitors from neutral countries', 'clear rules of engagement', 'the demilitarised zone'],
    remarks: [
      'Look at how long the Korean DMZ has lasted',
      'Cyprus has had a buffer zone since 1974 and nobody is happy',
      'Peacekeepers who cannot shoot back are just hostages',
      'Who exactly volunteers to patrol a minefield',
      'A line on a map means nothing without troops behind it',
      'The Sinai observers worked because both sides wanted them to',
    ],
    weight: 2,
  },
  {
    id: 'procurement',
    headlines: ['Watchdog criticises {o}', 'Delays hit {o}', 'Costs soar on {o}'],
    subjects: ['the ministry', 'the procurement office', '+the big defence contractors', 'the frigate programme', 'the armoured vehicle project', 'the treasury', 'the audit office', 'whoever signs these contracts', 'Defence Equipment and Support'],
    claims: [
      'has spent a decade delaying {o}',
      'quietly doubled the cost of {o}',
      'still cannot deliver {o}',
      'wrote off billions on {o}',
      'keeps gold plating {o}',
      'should simply buy {o} off the shelf',
      'signed a fixed price contract for {o} and lost the shirt',
      'pushed back {o} by another five years',
      'never tests {o} before paying for it',
    ],
    objects: ['the new armoured vehicles', 'the frigates', 'a working radio system', 'the replacement helicopters', 'the artillery order', 'the equipment plan', 'enough spare parts', 'the shipyard contract', 'the tanker aircraft', 'the shell factory'],
    remarks: [
      'The audit office report reads like a comedy',
      'Ten years late and billions over budget, as usual',
      'Buying off the shelf would have been cheaper and faster',
      'Nobody ever gets sacked for a cost overrun',
      'The equipment plan has been a black hole for twenty years',
      'Requirements change every time a new minister arrives',
    ],
    weight: 3,
  },
  {
    id: 'manpower',
    headlines: ['Recruitment falls short of {o}', 'Army chief warns on {o}', 'Review looks again at {o}'],
    subjects: ['the army', 'the recruiting contract', '+the reserves', '+young people today', '+the service chiefs', 'the regular infantry', 'the government', '+the outsourced recruiters', 'the navy'],
    claims: [
      'cannot fill {o}',
      'has shrunk to {o}',
      'loses more soldiers than it gains because of {o}',
      'needs {o}, not more slogans',
      'takes a year to deal with {o}',
      'should seriously look at {o}',
      'keeps losing experienced people over {o}',
      'will never reach {o} at this rate',
      'has been cutting {o} for decades',
    ],
    objects: ['the recruitment targets', 'its smallest size since Napoleon', 'poor housing and pay', 'better pay and proper barracks', 'medical checks for applicants', 'national service', 'seventy thousand regulars', 'the trained strength figures', 'a proper reserve', 'manpower'],
    remarks: [
      'You cannot fight a war with a spreadsheet army',
      'Half the applicants give up waiting for the medical',
      'Retention is the real problem, not recruitment',
      'The whole regular army would fit inside Wembley',
      'Conscription would never get through parliament',
      'Mouldy barracks do more damage than any enemy',
    ],
    weight: 3,
  },
  {
    id: 'sanctions',
    headlines: ['New sanctions target {o}', 'Report finds loopholes in {o}', 'Ministers defend {o}'],
    subjects: ['+the sanctions', 'the oil price cap', 'Europe', 'the shadow fleet', 'Germany', '+the old gas pipelines', '+India and China', 'the freeze on central bank assets', '+the traders in Dubai'],
    claims: [
      'has barely dented {o}',
      'is being dodged through {o}',
      'paid a fortune for {o}',
      'should have stopped {o} years ago',
      'keeps buying {o} through middlemen',
      'cut off {o} far too late',
      'still funds the war through {o}',
      'made {o} twice as expensive',
      'never touched {o}',
    ],
    objects: ['Russian oil revenue', 'the tankers of the shadow fleet', 'liquefied gas imports', 'energy bills at home', 'the frozen assets', 'third countries like Kazakhstan', 'the Nord Stream deal', 'the war economy', 'the refineries', 'diesel from Indian refineries'],
    remarks: [
      'Follow the money and the tankers',
      'Sanctions take years to bite, if they bite at all',
      'We are still paying for Russian gas through the back door',
      'Seize the frozen assets and give them to Ukraine',
      'Energy independence is a security issue, full stop',
      'Every loophole is another month of the war paid for',
    ],
    weight: 3,
  },
  {
    id: 'air-defence',
    headlines: ['Drone attacks test {o}', 'Allies rush {o} to Ukraine', 'Lessons from the war for {o}'],
    subjects: ['air defence', '+the Patriot batteries', '+cheap drones', '+the Shaheds', '+the interceptors', 'Ukraine', '+our own airbases', '+the navy destroyers', '+the gunners'],
    claims: [
      'cannot keep shooting down {o} forever',
      'is being swamped by {o}',
      'needs {o} far more than tanks',
      'costs a million a shot against {o}',
      'has no real answer to {o}',
      'should be investing in {o}',
      'proved that {o} actually works',
      'would not last a week against {o}',
      'is rewriting the rules with {o}',
    ],
    objects: ['swarms of cheap drones', 'ballistic missiles', 'more interceptors', 'electronic warfare', 'guns and lasers', 'first person view drones', 'the Iranian drones', 'layered air defence', 'radar coverage', 'glide bombs'],
    remarks: [
      'A cheap drone against a million pound missile is a losing trade',
      'Every war from now on is a drone war',
      'The Red Sea showed how few interceptors we really have',
      'Old Gepard guns turned out to be the bargain of the war',
      'Britain has almost no ground based air defence',
      'Jamming has done more than any wonder weapon',
    ],
    weight: 3,
  },
  {
    id: 'banter',
    headlines: ['Readers write about {o}', 'Letters: {o}'],
    subjects: ['this comment section', '+the moderators', 'the paywall', 'my neighbour', 'the weather', '+the bots on here', 'the author', 'the football', 'the new website'],
    claims: [
      'has gone downhill since {o}',
      'deleted {o} again',
      'is even worse than {o}',
      'never mentions {o}',
      'ruined {o}',
      'keeps going on about {o}',
      'reminds me of {o}',
    ],
    objects: ['the last update', 'my comment', 'Monday mornings', 'the spelling mistakes', 'the cup final', 'the rain in Yorkshire', 'my cup of tea', 'the advert popups', 'the same old arguments', 'the login page'],
    remarks: [
      'Anyone else getting every advert twice',
      'First time commenting, long time reader',
      'Happy Friday everyone',
      'Off topic but what a match last night',
      'Has anyone seen my earlier comment',
      'Nice to see the regulars back',
      'Typo in the second paragraph by the way',
    ],
    weight: 1,
  },
];
const TOTAL_WEIGHT = FAMILIES.reduce((sum, family) => sum + family.weight, 0);
/** The share of a page's comments that stay on its article's family. */
const ON_TOPIC = 0.45;
/** The share of comments that borrow one sentence from a second family. */
const MIXED = 0.25;

const OPENERS = ['Honestly', 'Spot on', 'Rubbish', 'Agreed', 'Not sure about that', 'Surely', 'Well', 'Look', 'Frankly', 'Sadly', 'Good point', 'Nonsense', 'Exactly', 'With respect', 'Come off it', 'Fair enough'];
const TAILS = ['and that is the real problem.', 'which nobody seems to admit.', 'before it is too late.', 'as usual.', 'and the figures prove it.', 'if we are serious about deterrence.', 'so why bother?', 'and everyone knows it!', 'or am I missing something?', 'which worries me.', 'and it is a disgrace.', 'which is good news for once.', 'whatever the press office says.', 'and I say that as a supporter.'];
const ASIDES = ['I served twenty years and never saw it this bad', 'the last review said the same', 'you only need to look at the map', 'ask anyone who has been there', 'the numbers on paper mean nothing', 'it happened in 2014 as well', 'read the article before replying', 'my son is serving now and says the same'];
const QUESTIONS = ['Does anyone really believe that', 'Why does nobody ask whether', 'How long before we admit that', 'Is it just me or'];
const AUTHORS = ['Staff Writer', 'Defence Correspondent', 'Political Editor', 'Guest Contributor'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pick<T>(next: Next, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pickFamily(next: Next): Family {
  let roll = next() * TOTAL_WEIGHT;
  for (const family of FAMILIES) if ((roll -= family.weight) < 0) return family;
  return FAMILIES[FAMILIES.length - 1]!;
}

const ADVERBS = new Set(['quietly', 'honestly', 'still', 'never', 'simply', 'only', 'really', 'just', 'actually']);
const PLURAL_FORMS: Record<string, string> = { is: 'are', has: 'have', was: 'were', does: 'do' };

/** A claim written for a singular subject, for a plural one: its first verb after any adverbs (`still funds` → `still fund`). */
function agree(claim: string): string {
  const words = claim.split(' ');
  let at = 0;
  while (at < words.length - 1 && ADVERBS.has(words[at]!)) at++;
  const verb = words[at]!;
  words[at] = PLURAL_FORMS[verb] ?? (verb.endsWith('ies') ? verb.slice(0, -3) + 'y' : verb.endsWith('s') && !verb.endsWith('ss') ? verb.slice(0, -1) : verb);
  return words.join(' ');
}

/**
 * A subject, a claim about one of the family's objects, and a tail; now and
 * then asked as a question. `inside`: it follows an opener, so it does not
 * start with a capital (names keep theirs).
 */
function sentence(next: Next, family: Family, inside = false): string {
  const subject = pick(next, family.subjects);
  const plural = subject.startsWith('+');
  const verb = pick(next, family.claims).replace('{o}', pick(next, family.objects));
  const claim = plural ? `${subject.slice(1)} ${agree(verb)}` : `${subject} ${verb}`;
  if (next() < 0.15) {
    const question = pick(next, QUESTIONS);
    return `${inside ? question.charAt(0).toLowerCase() + question.slice(1) : question} ${claim}?`;
  }
  return `${inside ? claim : capitalise(claim)} ${pick(next, TAILS)}`;
}

/**
 * About sixty words on `family`, now and then with one sentence on a second
 * family: an opener, two claims and a remark, sometimes a second paragraph.
 */
function commentText(next: Next, family: Family): string[] {
  const other = next() < MIXED ? pickFamily(next) : family;
  const remark = next() < 0.5 ? `${pick(next, family.remarks)}.` : `${capitalise(pick(next, ASIDES))}, ${sentence(next, family, true)}`;
  const first = `${pick(next, OPENERS)}, ${sentence(next, family, true)} ${remark} ${sentence(next, other)}`;
  return next() < 0.3 ? [first, `${sentence(next, family)} ${pick(next, family.remarks)}.`] : [first];
}

/** One page with `count` comments, in pieces: a header, the count line, the tree, the reply form. */
function* pageChunks(next: Next, count: number, index: number): Generator<string> {
  const topic = pickFamily(next);
  const headline = pick(next, topic.headlines).replace('{o}', pick(next, topic.objects));
  yield [`Debate ${index}: ${capitalise(headline)}`, '', `by ${pick(next, AUTHORS)} ${pick(next, MONTHS)} ${1 + (index % 28)}, 2024`, '', sentence(next, topic), '', `${count} COMMENTS`, ''].join('\n') + '\n';
  let depth = 0;
  let topLevel = 0;
  let lines: string[] = [];
  for (let c = 0; c < count; c++) {
    // Mostly short reply chains under each top-level comment, now and then a long one.
    depth = c === 0 || next() < 0.3 ? 0 : Math.min(depth + (next() < 0.6 ? 1 : 0), next() < 0.02 ? 12 : 5);
    if (depth > 0 && next() < 0.3) depth = Math.max(1, depth - 1);
    const indent = ' '.repeat(2 + 2 * depth);
    const [first, ...rest] = commentText(next, next() < ON_TOPIC ? topic : pickFamily(next));
    lines.push(depth === 0 ? `${indent}${++topLevel}. ${first}` : `${indent}• ${first}`);
    for (const paragraph of rest) lines.push('', `${indent}  ${paragraph}`);
    lines.push('');
    if (lines.length >= 512) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  lines.push('LEAVE A REPLY', '', 'Please enter your comment!');
  yield lines.join('\n') + '\n';
}

/** One page with `count` comments: a header, the count line, the tree, the reply form. */
export function generatePage(next: () => number, count: number, index: number): string {
  let text = '';
  for (const chunk of pageChunks(next, count, index)) text += chunk;
  return text;
}

/** The bench's two shapes of corpus: comments per page. */
export const SHAPES = {
  /** Many small pages: 50 comments each (20,000 pages for a million comments). */
  pages: 50,
  /** Few big threads: 5,000 comments each (200 threads for a million comments). */
  threads: 5000,
} as const;
export type Shape = keyof typeof SHAPES;

/** Called after each page is written, with the totals so far. */
export type CorpusProgress = (written: { pages: number; comments: number; bytes: number }) => void;

/**
 * Writes `comments` comments into `dir` as pages of 40 to 160 comments (about
 * 100), or of exactly `perPage` (the last page takes what is left); returns
 * the files and bytes written. Each page is written in pieces as it is made.
 */
export function generateCorpus(dir: string, comments: number, seed = 20241122, perPage?: number, progress?: CorpusProgress): { files: string[]; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const next = seededRandom(seed);
  const files: string[] = [];
  let bytes = 0;
  let written = 0;
  for (let index = 0, left = comments; left > 0; index++) {
    const count = Math.min(left, perPage ?? 40 + Math.floor(next() * 120));
    const file = path.join(dir, `page-${String(index).padStart(6, '0')}.txt`);
    const fd = openSync(file, 'w');
    try {
      for (const chunk of pageChunks(next, count, index)) {
        const buffer = Buffer.from(chunk);
        writeSync(fd, buffer);
        bytes += buffer.length;
      }
    } finally {
      closeSync(fd);
    }
    files.push(file);
    left -= count;
    written += count;
    progress?.({ pages: files.length, comments: written, bytes });
  }
  return { files, bytes };
}

/** {@link generateCorpus} in one of the bench's shapes. */
export function generateShape(dir: string, shape: Shape, comments: number, seed = 20241122, progress?: CorpusProgress): { files: string[]; bytes: number } {
  return generateCorpus(dir, comments, seed, SHAPES[shape], progress);
}
