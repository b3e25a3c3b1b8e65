/** The analysis each shipped language needs, by language code. */
import { arabicAnalyzer } from './arabic';
import { chineseAnalyzer } from './chinese';
import { koreanAnalyzer } from './korean';
import { latinAnalyzer } from './latin';
import type { Analyzer } from './term';
import { vietnameseAnalyzer } from './vietnamese';

export type { Analysis, Analyzer, Term } from './term';

const ANALYZERS: Record<string, Analyzer> = {
  en: latinAnalyzer('en'),
  es: latinAnalyzer('es'),
  tl: latinAnalyzer('tl'),
  vi: vietnameseAnalyzer,
  zh: chineseAnalyzer,
  ko: koreanAnalyzer,
  ar: arabicAnalyzer,
};

/** The analyzer of a language; a language without one of its own is analysed as English. */
export function analyzerFor(language: string): Analyzer {
  return ANALYZERS[language] ?? { ...ANALYZERS.en, language };
}
