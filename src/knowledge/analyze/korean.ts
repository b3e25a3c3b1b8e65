/**
 * Korean: each word loses its particles and common endings (투표소는 -> 투표소, 어디예요 -> 어디),
 * then syllable pairs are taken across the whole message with spaces removed, so spacing does not
 * matter ("투표소 어디" = "투표소어디"). English words are analysed as English.
 */
import { addLatinWords } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer } from './term';
import { scriptRuns, stripMarks } from './text';

// Endings and particles, longest first. Questions end in polite or casual forms of a few verbs
// (하다 do, 되다 become, 있다 exist), so their common question endings are here whole.
const ENDINGS = [
  '하고싶은데요', '하고싶어요', '하고싶은데', '하고싶어', '고싶은데요', '고싶어요', '고싶은데', '고싶어', '싶어요',
  '수있을까요', '수있나요', '수있어요', '수있어', '수없나요', '수없어요',
  '해야하나요', '해야되나요', '해야돼요', '해야해요', '하려면요', '할수있나요', '할수있어요', '할수있어', '할수있는지',
  '인가요', '이에요', '입니까', '습니까', '합니까', '됩니까', '하나요', '되나요', '있나요', '없나요', '있어요', '없어요',
  '할까요', '될까요', '있을까요', '하려면', '하는지', '되는지', '있는지', '인지', '하는데', '인데요', '는데요', '은데요',
  '해요', '돼요', '되요', '예요', '에요', '나요', '까요', '가요', '세요', '어요', '아요', '지요', '니까', '는데', '인데',
  '에서', '으로', '이랑', '한테', '에게', '부터', '까지', '처럼', '보다', '하고', '이나',
  '은', '는', '이', '가', '을', '를', '에', '로', '도', '요', '의', '와', '과', '랑', '만', '죠', '야', '냐', '나', '께',
];
const FUNCTION_SET = new Set(FUNCTION_WORDS.ko);

/**
 * A Korean word without its trailing particles and endings (at most two). A longer ending leaves
 * at least one syllable; a one-syllable particle at least two, since a two-syllable word often
 * ends in a syllable that is also a particle (전과 criminal record, 나이 age, 여가 leisure).
 */
export function stripKoreanEndings(word: string): string {
  let w = word;
  for (let round = 0; round < 2; round++) {
    const e = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= (e.length === 1 ? 2 : 1));
    if (!e) break;
    w = w.slice(0, -e.length);
  }
  return w;
}

/** The analysis of a Korean text: one unit a syllable of a word's stem (endings are not units). */
export function analyzeKorean(text: string): Analysis {
  const b = new AnalysisBuilder();
  const english: string[] = [];
  // The content syllables of the whole message in order, with their units, for pairs across words.
  const syllables: { char: string; unit: number }[] = [];
  for (const run of scriptRuns(text)) {
    if (run.script === 'latin') english.push(stripMarks(run.text));
    if (run.script !== 'hangul') continue;
    const stem = stripKoreanEndings(run.text);
    const light = FUNCTION_SET.has(run.text) || FUNCTION_SET.has(stem);
    const units = [...stem].map(() => b.unit(light ? FUNCTION_WORD_WEIGHT : 1));
    b.terms.push(exactTerm(stem, units, light ? FUNCTION_WORD_WEIGHT : 1));
    if (!light) [...stem].forEach((char, k) => syllables.push({ char, unit: units[k] }));
  }
  // Pairs across word boundaries too: people space Korean loosely or not at all.
  for (let i = 0; i + 1 < syllables.length; i++) {
    b.terms.push(exactTerm(syllables[i].char + syllables[i + 1].char, [syllables[i].unit, syllables[i + 1].unit]));
  }
  addLatinWords(b, 'en', english);
  return b.build();
}

/** The Korean analyzer. */
export const koreanAnalyzer: Analyzer = { language: 'ko', analyze: analyzeKorean };
