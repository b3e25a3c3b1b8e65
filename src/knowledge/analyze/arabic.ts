/**
 * Arabic: letter variants folded (أ إ آ ٱ -> ا, ة -> ه, ى -> ي, ؤ -> و, ئ -> ي), short-vowel marks
 * and tatweel removed, then light stemming in the manner of Larkey's "light10" (the attached
 * conjunction و/ف, the article ال with ب ك ل before it, and common suffixes), the whole word
 * indexed as well. English words inside an Arabic message are analysed as English.
 */
import { addLatinWords } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer } from './term';
import { scriptRuns, stripMarks } from './text';

// Tashkeel (harakat, tanween, shadda, sukun), superscript alef, Quranic marks, and tatweel.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const LETTERS: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي',
  // Persian and Urdu keyboards' kaf and yeh.
  'ک': 'ك', 'ی': 'ي', 'ې': 'ي', 'ہ': 'ه', 'ۀ': 'ه',
};
const VARIANTS = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** An Arabic word with its letter variants folded and its marks removed. */
export function normalizeArabic(word: string): string {
  return word.replace(MARKS, '').replace(VARIANTS, (c) => LETTERS[c]);
}

// Longest first; each leaves at least three letters (checked below).
const PREFIXES = ['وبال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و', 'ف'];
const SUFFIXES = ['هما', 'كما', 'ها', 'ان', 'ات', 'ون', 'ين', 'هم', 'كم', 'نا', 'ه', 'ي', 'ك'];
// ب ك ل glued to a word without the article ("بطاقتي", "للتصويت", "كناخب"): stripped only
// from longer words, where the letter is far more often the preposition than part of the root.
const PREPOSITIONS = ['ب', 'ل', 'ك'];
// The present tense's person prefixes (أصوت I vote, يصوت he votes, نصوت we vote, تصوت you vote).
const PERSON = /^[اينت](?=...)/;

function stripPrefix(w: string): string {
  const p = PREFIXES.find((p) => w.startsWith(p) && w.length - p.length >= 3);
  if (p) return w.slice(p.length);
  return w.length >= 5 && PREPOSITIONS.includes(w[0]) ? w.slice(1) : w;
}

// The attached pronouns (my, your, her, their...): before them a feminine ة is written ت.
const PRONOUNS = new Set(['هما', 'كما', 'ها', 'هم', 'كم', 'نا', 'ي', 'ك']);

// One suffix, the longest that leaves three letters. A feminine ة shows as ت before a pronoun
// (هويتي): that ت goes too, as the bare ة (ه) does, so هويتي and هويه meet at هوي. Only before a
// pronoun: in يصوتون (they vote) or مؤقتين the ت is the root's.
function stripSuffix(w: string): string {
  const s = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= 3);
  if (!s) return w;
  const rest = w.slice(0, -s.length);
  return PRONOUNS.has(s) && rest.endsWith('ت') && rest.length >= 4 ? rest.slice(0, -1) : rest;
}

/**
 * The forms of a normalised Arabic word that are indexed and looked up: the word, without its
 * prefixes, without its suffix, without both, and without a present-tense person prefix. Light
 * stemming cuts wrongly now and then (و in ولاية is the root's); offering every cut lets two
 * forms of a word meet on the one they share instead of missing each other on a single guess.
 */
export function arabicForms(word: string): string[] {
  const bare = stripPrefix(word);
  const stem = stripSuffix(bare);
  const forms = new Set([word, bare, stripSuffix(word), stem]);
  if (PERSON.test(stem)) forms.add(stem.slice(1));
  // A relative adjective (الانتخابية electoral, الانتخابي) meets its noun (الانتخابات elections)
  // without its ي; and a feminine or plural ending cut leaves the shared stem of
  // الأهلية / أهلية / أهليتي (eligibility).
  if (/يه?$/.test(bare) && stem.endsWith('ي') && stem.length >= 5) forms.add(stem.slice(0, -1));
  return [...forms];
}

const FUNCTION_SET = new Set(FUNCTION_WORDS.ar.map(normalizeArabic));

// The dialects (Levantine, Egyptian, Gulf, Iraqi, Maghrebi) write the same question words and a
// few everyday words apart: each spelling also stands for one shared term, so وين (Levantine,
// Gulf), فين (Egyptian) and أين (Standard) meet. The word itself is indexed too.
const DIALECT_GROUPS: Record<string, readonly string[]> = {
  اين: ['اين', 'وين', 'فين', 'وينه', 'فينه', 'فاين'],
  متي: ['متي', 'امتي', 'ايمتي', 'امته', 'امتا', 'وقتاش', 'وقتيش', 'اميتي'],
  كيف: ['كيف', 'ازاي', 'ازاى', 'شلون', 'اشلون', 'كيفاش', 'كيفية'],
  مين: ['مين', 'منو', 'شكون', 'مينو'],
  الان: ['الان', 'هلق', 'هلا', 'هلأ', 'دلوقتي', 'دلوقت', 'الحين', 'هسه', 'توا', 'دابا'],
  يوجد: ['يوجد', 'فيه', 'اكو', 'كاين', 'في'],
  لايوجد: ['مافي', 'مفيش', 'ماكو', 'مكانش', 'مافيه', 'مافيش'],
  كم: ['كم', 'قديش', 'كام', 'بكم', 'بكام', 'قداش', 'شقد'],
  لماذا: ['لماذا', 'ليش', 'ليه', 'علاش', 'لويش'],
  يستطيع: ['استطيع', 'يستطيع', 'اقدر', 'بقدر', 'يقدر', 'نقدر', 'تقدر', 'اگدر', 'اجدر', 'نجم', 'نقدرو'],
  يذهب: ['اذهب', 'اروح', 'بروح', 'نروح', 'تروح', 'يروح', 'امشي'],
  يحتاج: ['احتاج', 'محتاج', 'محتاجه', 'نحتاج', 'يحتاج', 'تحتاج'],
};
const DIALECT = new Map(Object.entries(DIALECT_GROUPS).flatMap(([shared, words]) => words.map((w) => [normalizeArabic(w), `~${shared}`] as const)));

/** The term a dialect spelling of a question word or everyday word shares with the others, if it has one. */
export function dialectTerm(word: string): string | undefined {
  return DIALECT.get(word);
}

/** The analysis of an Arabic text: one unit a word. */
export function analyzeArabic(text: string): Analysis {
  const b = new AnalysisBuilder();
  const english: string[] = [];
  for (const run of scriptRuns(text)) {
    if (run.script === 'latin') english.push(stripMarks(run.text));
    if (run.script !== 'arabic') continue;
    const word = normalizeArabic(run.text);
    if (!word) continue;
    const shared = dialectTerm(word);
    if (FUNCTION_SET.has(word)) {
      const unit = [b.unit(FUNCTION_WORD_WEIGHT)];
      b.terms.push(exactTerm(word, unit, FUNCTION_WORD_WEIGHT));
      if (shared) b.terms.push(exactTerm(shared, unit, FUNCTION_WORD_WEIGHT));
      continue;
    }
    const unit = [b.unit(1)];
    const [whole, ...cuts] = arabicForms(word);
    b.terms.push(exactTerm(whole, unit));
    if (shared) b.terms.push(exactTerm(shared, unit));
    // Dialect spellings of one stem differ by a letter: one edit allowed from 5 letters.
    for (const cut of cuts) b.terms.push(contentTerm(cut, unit, { fuzzyFrom: 5, prefixFrom: 99 }));
  }
  addLatinWords(b, 'en', english);
  return b.build();
}

/** The Arabic analyzer. */
export const arabicAnalyzer: Analyzer = { language: 'ar', analyze: analyzeArabic };
