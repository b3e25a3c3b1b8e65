/**
 * Grouping unanswered questions so an organizer sees the most-asked missing topics, per language:
 * questions asked in other words but about the same thing fall together. Pure: the same rows give
 * the same groups.
 *
 * A question's key is its content terms as the language's own analysis finds them (the matcher's
 * analyzers: accents, inflections, particles, Chinese words and Vietnamese syllable pairs folded),
 * function words left out, sorted and without repeats: "Can I bring my dog?" and "bring dog??"
 * have the same key. Keys then join a group when they share at least half of their terms with the
 * group's most-asked key (Jaccard ≥ 0.5; lower for keys of character pairs, see sameGroupFor),
 * most-asked keys first, so a group is named by what most people wrote.
 */
import { analyzerFor } from '../analyze';
import { EMAIL_MARK, NUMBER_MARK, scrubPersonal } from './scrub';
import type { UnansweredRow } from './store';

/** How alike two keys must be (shared terms / all their terms) to be one group, for word-based keys. */
export const SAME_GROUP = 0.5;

/**
 * Keys made of character or syllable pairs (Chinese, Korean, Vietnamese) and of every light-stem
 * cut (Arabic) have more terms that differ between two wordings of one question, so they join at a
 * lower share. Chosen on the knowledge test sets (test/knowledge/questions, 3,730 questions, each
 * language's questions grouped together): share of questions in a group of two or more / share of
 * those whose group's majority topic is theirs, at 0.5 -> 0.3: zh 9%/91% -> 33%/76%, ko 14%/92% ->
 * 41%/87%, vi 4%/89% -> 37%/80%; ar 0.5 -> 0.4: 21%/77% -> 35%/74%; en, es, tl stay at 0.5
 * (46%/79%, 40%/85%, 34%/85%; at 0.3 purity falls to 65-70%).
 */
const SAME_GROUP_BY_LANGUAGE: Record<string, number> = { zh: 0.3, ko: 0.3, vi: 0.3, ar: 0.4 };

/** The threshold for a language. */
export function sameGroupFor(language: string): number {
  return SAME_GROUP_BY_LANGUAGE[language] ?? SAME_GROUP;
}
/** How much of an example a report shows. */
export const EXAMPLE_CHARS = 160;
/** Groups per language the digest shows. */
export const TOP_GROUPS = 5;

/** Questions about one missing thing, in one language. */
export interface UnansweredGroup {
  language: string;
  /** The group's name: the content terms of its most-asked wording, space-separated. */
  key: string;
  /** How many times it was asked. */
  count: number;
  /** By how many people (a question without its asker, forgotten meanwhile, counts as one more). */
  people: number;
  /** What people wrote: the most often written wording (on a tie, one without a number taken out, then the newest); never a number or an address. */
  example: string;
  /** The closest topic most of its questions had, when the matcher's guess was kept. */
  nearestTopic: string | null;
  channels: Record<string, number>;
  firstAt: Date;
  lastAt: Date;
}

/** One language's unanswered questions: how many, and their groups, most asked first. */
export interface UnansweredLanguage {
  language: string;
  total: number;
  groups: UnansweredGroup[];
}

/** What grouping found: per language (most questions first), and which group each row is in. */
export interface UnansweredReport {
  languages: UnansweredLanguage[];
  /** Row id → its group's key. */
  groupOf: Map<string, string>;
}

/** A question's key terms: its content terms, sorted, without repeats; the folded text when it has none ("?", "👍"). */
export function questionTerms(text: string, language: string): string[] {
  const terms = analyzerFor(language)
    .analyze(text)
    .terms.filter((t) => t.weight >= 1)
    .map((t) => t.term);
  const unique = [...new Set(terms)].sort();
  return unique.length ? unique : [text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()];
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A text as a report may show it: personal data replaced, one line, cut to EXAMPLE_CHARS. */
export function exampleText(text: string): string {
  const one = scrubPersonal(text).replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > EXAMPLE_CHARS ? `${chars.slice(0, EXAMPLE_CHARS - 1).join('')}…` : one;
}

interface Wording {
  key: string;
  terms: Set<string>;
  rows: UnansweredRow[];
}

/** Groups `rows` per language (see the top of this file). Pure. */
export function groupUnanswered(rows: readonly UnansweredRow[], opts: { sameGroup?: (language: string) => number } = {}): UnansweredReport {
  const sameGroup = opts.sameGroup ?? sameGroupFor;
  const groupOf = new Map<string, string>();
  const byLanguage = new Map<string, Map<string, Wording>>();
  for (const row of rows) {
    const terms = questionTerms(row.text, row.language);
    const key = terms.join(' ');
    const wordings = byLanguage.get(row.language) ?? new Map<string, Wording>();
    byLanguage.set(row.language, wordings);
    const w = wordings.get(key) ?? { key, terms: new Set(terms), rows: [] };
    wordings.set(key, w);
    w.rows.push(row);
  }

  const languages: UnansweredLanguage[] = [];
  for (const [language, wordings] of byLanguage) {
    // Most-asked wordings first, so each group is named after its most common one; ties by key.
    const ordered = [...wordings.values()].sort((a, b) => b.rows.length - a.rows.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const groups: { head: Wording; members: Wording[] }[] = [];
    // Term -> the groups whose head has it: a wording is compared only with groups it shares a term with.
    const withTerm = new Map<string, number[]>();
    for (const w of ordered) {
      const candidates = new Set<number>();
      for (const t of w.terms) for (const g of withTerm.get(t) ?? []) candidates.add(g);
      let best = -1;
      let bestScore = sameGroup(language);
      for (const g of [...candidates].sort((a, b) => a - b)) {
        const score = jaccard(w.terms, groups[g].head.terms);
        if (score >= bestScore && (best < 0 || score > bestScore)) {
          best = g;
          bestScore = score;
        }
      }
      if (best >= 0) groups[best].members.push(w);
      else {
        groups.push({ head: w, members: [w] });
        for (const t of w.terms) withTerm.set(t, [...(withTerm.get(t) ?? []), groups.length - 1]);
      }
    }
    const built = groups.map(({ head, members }) => {
      const rowsOf = members.flatMap((m) => m.rows);
      for (const r of rowsOf) groupOf.set(r.id, head.key);
      return summarize(language, head.key, rowsOf);
    });
    built.sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime() || (a.key < b.key ? -1 : 1));
    languages.push({ language, total: built.reduce((n, g) => n + g.count, 0), groups: built });
  }
  languages.sort((a, b) => b.total - a.total || (a.language < b.language ? -1 : 1));
  return { languages, groupOf };
}

function summarize(language: string, key: string, rows: UnansweredRow[]): UnansweredGroup {
  const texts = new Map<string, { count: number; last: number; text: string }>();
  const topics = new Map<string, number>();
  const channels: Record<string, number> = {};
  const people = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  for (const r of rows) {
    const shown = exampleText(r.text);
    const folded = shown.toLowerCase();
    const at = r.created_at.getTime();
    const t = texts.get(folded) ?? { count: 0, last: -Infinity, text: shown };
    t.count++;
    if (at >= t.last) {
      t.last = at;
      t.text = shown;
    }
    texts.set(folded, t);
    if (r.nearest_topic) topics.set(r.nearest_topic, (topics.get(r.nearest_topic) ?? 0) + 1);
    channels[r.channel] = (channels[r.channel] ?? 0) + 1;
    people.add(r.contact_id ?? `row-${r.id}`);
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  // A wording with a number or an address taken out reads worse: another one first, if as common.
  const marked = (text: string) => (text.includes(NUMBER_MARK) || text.includes(EMAIL_MARK) ? 1 : 0);
  const example = [...texts.values()].sort((a, b) => b.count - a.count || marked(a.text) - marked(b.text) || b.last - a.last)[0].text;
  const topic = [...topics].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return { language, key, count: rows.length, people: people.size, example, nearestTopic: topic?.[0] ?? null, channels, firstAt: new Date(first), lastAt: new Date(last) };
}
