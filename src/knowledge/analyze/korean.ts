/**
 * Korean: each word loses its particles and common endings (투표소는 -> 투표소, 어디예요 -> 어디),
 * then syllable pairs are taken across the whole message with spaces removed, so spacing does not
 * matter ("투표소 어디" = "투표소어디"). A verb whose stem changes shape (돕고 / 도와 / 도울) also
 * stands for its one root, and a pair one letter (jamo) away from one of the domain's words stands
 * for that word too (우펀 for 우편, 통여 for 통역). English words are analysed as English.
 */
import { US_STATE_NAMES_BY_LANGUAGE } from '../../engine/inputs/us-state-names';
import { ENGLISH } from './english';
import { addLatinWords } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer } from './term';
import { scriptRuns, stripMarks } from './text';

// Endings and particles, tried longest first. Questions end in polite or casual forms of a few verbs
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
  // Past, casual and honorific forms of 하다, and the casual spellings of 요 (여, 용). Not those of
  // 되다: "등록됐나요" (am I registered) is not "등록해요" (I register).
  '했어요', '했는데요', '했는데', '했어', '했나요', '한대요', '한다고', '한다던데', '한다는데', '하던데', '하려고', '하려는데',
  '해서', '하면', '하면요', '하는데요', '해도', '해도돼요', '해도되나요', '해도돼', '해도되요', '해야돼', '해야되요', '해야해',
  '해야하는지', '해야', '해줘요', '해줘', '해주세요', '해봤어요', '해봤어', '합니다', '하세요', '하시나요', '하셨나요', '하죠',
  '하냐', '하니', '해여', '해용', '있어여', '있나여', '있음', '있냐', '있니', '있어', '없어', '있는데', '없는데', '있으면', '없으면', '예여',
  '에여', '이에여', '에용', '예용', '나여', '까여', '세여', '이야', '이냐', '인가', '일까요', '거든요', '잖아요', '던데요',
  '던데', '한데요', '한데', '해', '줘', '여', '임',
  // Chat and spoken spellings: 해야됨 / 해야함 (해야 돼), 할려면 (하려면), 하는법 run together.
  '해야됨', '해야함', '할려면', '하는법',
  // An adjective of 하다 asked about: 가능한가요 (is it possible), 필요한가요 (is it needed).
  '한가요', '한가',
  // Casual and spoken forms of 하다: will (할래, 할게, 할거야), shall I (할까), to go and do (하러),
  // did you (했냐, 했니, 했음), and 하는 거 run together (투표하는거예요: is it that one votes).
  '할래요', '할래', '할게요', '할게', '할까', '할거예요', '할거야', '하러', '했냐', '했니', '했음', '하나여',
  '하는거예요', '하는거에요', '하는거야', '하는건가요', '하는건지', '하는거',
].sort((a, b) => b.length - a.length);
const FUNCTION_SET = new Set(FUNCTION_WORDS.ko);

// Verbs whose stem changes shape as it is conjugated (irregular ㅂ, 르 and vowel contractions): each
// form a question uses, at the start of a word, stands for one root as well (도와주세요, 돕고 싶어요
// and 도울 수 있어요 all have 돕). Only the domain's verbs: help, change, move, not know, lose,
// bring, send, run (for office), vote for / pick, receive.
const VERB_ROOTS: [RegExp, string][] = [
  [/^(도와|도울|도움|도왔|돕)/, '돕'],
  [/^(바꿔|바꾸|바꿨|바꾼|바꿀|바뀌|바뀐|바뀔|바꼈|바껴)/, '바꾸'],
  [/^(옮겨|옮기|옮긴|옮길|옮겼)/, '옮기'],
  [/^(몰라|모르|모른|모를|몰랐|모릅)/, '모르'],
  [/^(잃어|잃었|잃은|잃)/, '잃'],
  [/^(가져|가지고|가지|챙겨|챙기|챙길)/, '챙기'],
  [/^(보내|보낸|보낼|보냈|보냄)/, '보내'],
  [/^(나와|나온|나올|나오|나왔)/, '나오'],
  [/^(뽑아|뽑을|뽑은|뽑)/, '뽑'],
  [/^(찍어|찍을|찍은|찍)/, '찍'],
  [/^(받아|받을|받은|받았|받)/, '받'],
];

// English words written in Hangul (Konglish) for the domain's words, as the Korean word they
// stand for ("보트 하려면" = 투표, "레지스터" = 등록). Long ones anywhere in a word (people run words
// together); short ones only at a word's start (보트 is also a boat, 아이디어 an idea).
const KONGLISH: [RegExp, string][] = [
  [/레지스트레이션|레지스터링|레지스터|레지스트/g, '등록'],
  [/얼리보팅/g, '사전투표'],
  [/앱센티|앱선티|업센티|앱센트/g, '부재자'],
  [/볼런티어|발런티어|볼룬티어/g, '봉사'],
  [/데드라인/g, '마감'],
  [/프라이버시|프라이버씨/g, '개인정보'],
  [/캔디데이트|캔디데잇/g, '후보'],
  [/시티즌십|시티즌쉽|시티즌/g, '시민권'],
  [/어드레스|어드레쓰/g, '주소'],
  [/라이센스|라이선스/g, '면허증'],
  [/프로비저널|프로비셔널/g, '임시'],
  [/인터프리터/g, '통역'],
  [/일렉션|엘렉션|일렉숀/g, '선거'],
  [/폴링플레이스/g, '투표소'],
  // Day, as in 일렉션 데이 / 보팅데이 (선거날, 투표날); not 데이터 (data) or 데이트 (a date).
  [/데이(?![터트])/g, '날'],
  [/프로포지션|프로퍼지션/g, '발의안'],
  [/드롭박스/g, '투표함'],
  // 메시지 and its chat spellings are the text messages the line sends (문자): who sends them, what
  // becomes of them.
  [/메세지|메시지|멧세지/g, '문자'],
  [/^프롭/, '발의안'],
  // Not English: the election commission's name written out is its short name (선관위).
  [/선거관리위원회|선거관리위/g, '선관위'],
  [/^체크/, '확인'],
  [/^(보트|보팅|보우트)/, '투표'],
  [/^보터/, '유권자'],
  [/^(밸럿|발롯|밸롯|벨롯|발럿)/, '투표용지'],
  [/^메일/, '우편'],
  [/^아이디(?!어)/, '신분증'],
  // Not English, but the same kind of rewrite: 어딨어요 is 어디 있어요 run together.
  [/^어딨/, '어디'],
];

// Letters (jamo) standing alone, not in a syllable: chat's ㅋㅋ, ㅎㅎ, ㅠㅠ, or a key slipped inside a
// word ("투표ㅅ소"). NFKC has made the compatibility jamo (ㅋ U+314B) conjoining ones (U+110F).
const LONE_JAMO = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uD7B0-\uD7FF]/g;

/** A Hangul word with the Konglish words of the domain written as the Korean words they stand for. */
export function koreanForKonglish(word: string): string {
  return KONGLISH.reduce((w, [from, to]) => w.replace(from, to), word);
}

/** The root a conjugated verb form stands for, with how many of its syllables it spans, or undefined. */
export function koreanVerbRoot(word: string): { root: string; length: number } | undefined {
  for (const [form, root] of VERB_ROOTS) {
    const m = form.exec(word);
    if (m) return { root, length: m[0].length };
  }
  return undefined;
}

// Words of the domain, as syllable pairs: a pair typed one letter (jamo) away from one of them, and
// itself none of them, stands for it too ("우펀" -> 우편, "통여" -> 통역, "등럭" -> 등록). Only pairs
// of five letters or more, and only words no everyday word is one letter away from: 사전 (early)
// is one from 사진 (photo), 전과 (record) from 전화 (phone), 정보 (data) from 정부 (government),
// 문자 (text) from 문제 (problem), so they are not here.
const DOMAIN_PAIRS = [
  '우편', '통역', '번역', '등록', '신분', '분증', '유권', '봉사', '귀화', '출마', '감옥', '부재', '영주', '주권',
];
const letters = (s: string) => [...s.normalize('NFD')];
const DOMAIN = DOMAIN_PAIRS.map((pair) => ({ pair, letters: letters(pair) })).filter((d) => d.letters.length >= 5);
const DOMAIN_SET = new Set(DOMAIN_PAIRS);
// Everyday words one letter away from a domain pair: 여권 (passport) is not a slip for 유권 (voter).
const WORDS_OF_THEIR_OWN = new Set(['여권']);

/**
 * US states (the state input's Korean names, with 주 and without) and the cities and neighbourhoods
 * Korean Americans most often write from: where a question is asked, not what it asks ("캘리포니아
 * 등록 마감", "플러싱 사는데 투표소"). Function words, as in Tagalog, so a place named in an
 * out-of-scope example ("캘리포니아 수도") does not pull a voter's question there. One word each
 * (names of two words are written run together too: "뉴저지", "로스앤젤레스").
 */
const PLACES = new Set([
  ...Object.values(US_STATE_NAMES_BY_LANGUAGE).flatMap((n) => n.ko).filter((name) => !name.includes(' ')),
  '엘에이', '로스앤젤레스', '엘에이카운티', '오렌지카운티', '풀러턴', '어바인', '부에나파크', '가든그로브', '토렌스',
  '샌프란시스코', '샌디에고', '샌디에이고', '새너제이', '산호세', '라스베가스', '라스베이거스', '시애틀', '포틀랜드',
  '시카고', '휴스턴', '달라스', '댈러스', '애틀랜타', '둘루스', '보스턴', '필라델피아', '호놀룰루', '앵커리지',
  '퀸즈', '퀸스', '플러싱', '맨해튼', '브루클린', '롱아일랜드', '버겐카운티', '포트리', '팰리세이즈파크', '펠팍',
  '애난데일', '센터빌', '페어팩스', '엘리콧시티',
]);

/** Whether a Korean word (its stem) names a US state or city, alone or with 주 (state) or 시 (city). */
export function koreanPlace(stem: string): boolean {
  return PLACES.has(stem) || (/[주시]$/.test(stem) && PLACES.has(stem.slice(0, -1)));
}

// Compounds of the domain and the pairs inside them that are words of their own, meaning something
// the compound does not: 장애인 (disabled person) holds 애인 (lover), 선거인 (elector) 거인 (giant),
// 통역사 (interpreter) 역사 (history), 봉사자 (volunteer) 사자 (lion). (Not 사전투표's 전투, battle:
// there the pair marks early voting, and taking it out cost two training lines.) Inside the compound those pairs are not taken, so "애인 있어요?" does not meet 장애인's topic.
const FALSE_PAIRS: [string, string[]][] = [
  ['장애인', ['애인']], ['선거인', ['거인']], ['통역사', ['역사']], ['번역사', ['역사']],
  ['봉사자', ['사자']],
];

/** The offsets of the pairs inside a word's stem that are not to be taken: words a compound is not made of. */
export function koreanFalsePairs(stem: string): number[] {
  const offsets: number[] = [];
  for (const [compound, pairs] of FALSE_PAIRS) {
    for (let at = stem.indexOf(compound); at >= 0; at = stem.indexOf(compound, at + 1)) {
      for (const pair of pairs) offsets.push(at + compound.indexOf(pair));
    }
  }
  return offsets;
}

/** Whether two letter sequences are exactly one edit apart (substitution, insertion or deletion). */
function oneEdit(a: string[], b: string[]): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { i++; j++; continue; }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else { i++; j++; }
  }
  return edits + (a.length - i) + (b.length - j) === 1;
}

/** The domain pair a slip of one letter stands for ("우펀" -> "우편"), or undefined (none, or several). */
export function koreanSlip(pair: string): string | undefined {
  if (DOMAIN_SET.has(pair) || WORDS_OF_THEIR_OWN.has(pair)) return undefined;
  const typed = letters(pair);
  if (typed.length < 4) return undefined;
  const near = DOMAIN.filter((d) => oneEdit(typed, d.letters));
  return near.length === 1 ? near[0].pair : undefined;
}

// The copula's 이 (이에요, 이야, 이냐) follows a final consonant only (날이에요, 곧이야); after an open
// syllable the 이 is the noun's own last syllable (나이에요 is 나이 + 에요, 종이야 is not 종 + 이야:
// 종 is closed, so that one stays ambiguous), and only the ending after it is cut.
const COPULA_ENDINGS = new Set(['이에요', '이에여', '이야', '이냐']);
const closed = (syllable: string) => {
  const code = syllable.charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 && code % 28 !== 0;
};
const copulaFits = (w: string, e: string) => !COPULA_ENDINGS.has(e) || closed(w[w.length - e.length - 1]);

// The subject particle 이 follows a final consonant only, so it is cut from a two-syllable word whose
// first syllable is closed (줄이 -> 줄, 눈이 -> 눈, 형이 -> 형), except from the words that end in an
// 이 of their own (길이 length, 같이 together, 많이 a lot).
const OWN_I = new Set(['길이', '같이', '많이', '높이', '깊이', '넓이', '놀이', '먹이', '굳이', '없이']);
const minLeft = (w: string, e: string) =>
  e.length > 1 ? 1 : e === '이' && w.length === 2 && closed(w[0]) && !OWN_I.has(w) ? 1 : 2;

/**
 * A Korean word without its trailing particles and endings (at most two). A longer ending leaves
 * at least one syllable; a one-syllable particle at least two, since a two-syllable word often
 * ends in a syllable that is also a particle (전과 criminal record, 나이 age, 여가 leisure).
 */
export function stripKoreanEndings(word: string): string {
  let w = word;
  for (let round = 0; round < 2; round++) {
    const e = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= minLeft(w, e) && copulaFits(w, e));
    if (!e) break;
    w = w.slice(0, -e.length);
  }
  return w;
}

// 낫다 (to be better) loses its ㅅ before a vowel: 나아요, 나은, 나을까요 would strip to 나 (I), a
// function word, and "어떤 정당이 나아요" (which party is better: an opinion) would read as "어떤
// 정당" (which party). Every form of it is the one word 낫.
const BETTER = /^(나아|나은|나을|낫)/;

/**
 * A word that starts with 하는 (doing) and goes on is the function word 하는 run together with the
 * noun it qualifies ("투표 하는날" is "투표 하는 날"): the noun is the word. Not 하는법 / 하는지,
 * which are endings of their own.
 */
export function koreanAfterDoing(word: string): string {
  const m = /^하는(.+)$/.exec(word);
  if (!m || ENDINGS.includes(word) || FUNCTION_SET.has(word)) return word;
  return m[1];
}

/** The analysis of a Korean text: one unit a syllable of a word's stem (endings are not units). */
export function analyzeKorean(text: string): Analysis {
  const b = new AnalysisBuilder();
  const english: string[] = [];
  // The content syllables of the whole message in order, with their units, for pairs across words.
  const syllables: { char: string; unit: number; word: number }[] = [];
  // Where in syllables a pair is not to start: a word a compound is not made of (장애인's 애인).
  const falseStarts = new Set<number>();
  let words = 0;
  for (const run of scriptRuns(text)) {
    if (run.script === 'latin') english.push(stripMarks(run.text));
    if (run.script !== 'hangul') continue;
    const word = koreanAfterDoing(run.text.replace(LONE_JAMO, ''));
    if (!word) continue;
    const stem = BETTER.test(word) ? '낫' : stripKoreanEndings(koreanForKonglish(word));
    const light = FUNCTION_SET.has(run.text) || FUNCTION_SET.has(stem) || koreanPlace(stem);
    const units = [...stem].map(() => b.unit(light ? FUNCTION_WORD_WEIGHT : 1));
    b.terms.push(exactTerm(stem, units, light ? FUNCTION_WORD_WEIGHT : 1));
    if (light) continue;
    for (const offset of koreanFalsePairs(stem)) falseStarts.add(syllables.length + offset);
    const wordIndex = words++;
    [...stem].forEach((char, k) => syllables.push({ char, unit: units[k], word: wordIndex }));
    const verb = koreanVerbRoot(stem);
    if (verb && verb.root !== stem) b.terms.push(exactTerm(verb.root, units.slice(0, Math.min(verb.length, units.length))));
  }
  // Pairs across word boundaries too: people space Korean loosely or not at all.
  for (let i = 0; i + 1 < syllables.length; i++) {
    if (falseStarts.has(i)) continue;
    const pair = syllables[i].char + syllables[i + 1].char;
    const span = [syllables[i].unit, syllables[i + 1].unit];
    b.terms.push(exactTerm(pair, span));
    // A slip is a key missed inside a word: a pair across two words ("볼 사람" -> 볼사) is none
    // ("볼사" is one letter from 봉사, volunteering).
    const meant = syllables[i].word === syllables[i + 1].word ? koreanSlip(pair) : undefined;
    if (meant) b.terms.push(exactTerm(meant, span));
  }
  addLatinWords(b, ENGLISH, english);
  return b.build();
}

/** The Korean analyzer. */
export const koreanAnalyzer: Analyzer = { language: 'ko', analyze: analyzeKorean };
