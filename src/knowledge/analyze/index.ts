/**
 * The analysis each shipped language needs, by language code. Each language's analyzer (and what it
 * loads: the stemmers, OpenCC) is made on its first use, not when this module loads: a process
 * that analyses no text (a campaign worker) holds none of them.
 */
import type * as Arabic from './arabic';
import type * as Chinese from './chinese';
import type * as Korean from './korean';
import type * as Latin from './latin';
import type { Analyzer } from './term';
import type * as Vietnamese from './vietnamese';

export type { Analysis, Analyzer, Term } from './term';

const latin = (language: 'en' | 'es' | 'tl') => () => (require('./latin') as typeof Latin).latinAnalyzer(language);
const MAKERS: Record<string, () => Analyzer> = {
  en: latin('en'),
  es: latin('es'),
  tl: latin('tl'),
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
