/**
 * The analysis each shipped language needs, by language code. Each language's analyzer (and what it
 * loads: the stemmers, OpenCC) is made on its first use, not when this module loads: a process
 * that analyses no text (a campaign worker) holds none of them.
 */
import type * as Arabic from './arabic';
import type * as Chinese from './chinese';
import type * as English from './english';
import type * as Korean from './korean';
import type * as Latin from './latin';
import type * as Spanish from './spanish';
import type * as Tagalog from './tagalog';
import type { Analyzer } from './term';
import type * as Vietnamese from './vietnamese';

export type { Analysis, Analyzer, Term } from './term';

const latin = (rules: Latin.LatinRules) => (require('./latin') as typeof Latin).latinAnalyzer(rules);
const MAKERS: Record<string, () => Analyzer> = {
  en: () => latin((require('./english') as typeof English).ENGLISH),
  es: () => latin((require('./spanish') as typeof Spanish).SPANISH),
  tl: () => latin((require('./tagalog') as typeof Tagalog).TAGALOG),
  vi: () => (require('./vietnamese') as typeof Vietnamese).vietnameseAnalyzer,
  zh: () => (require('./chinese') as typeof Chinese).chineseAnalyzer,
  ko: () => (require('./korean') as typeof Korean).koreanAnalyzer,
  ar: () => (require('./arabic') as typeof Arabic).arabicAnalyzer,
};
const made = new Map<string, Analyzer>();

function analyzer(language: string): Analyzer {
  let a = made.get(language);
  if (!a) {
    a = MAKERS[language]();
    made.set(language, a);
  }
  return a;
}

/** The analyzer of a language; a language without one of its own is analysed as English. */
export function analyzerFor(language: string): Analyzer {
  return Object.hasOwn(MAKERS, language) ? analyzer(language) : { ...analyzer('en'), language };
}
