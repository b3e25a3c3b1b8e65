/**
 * Arabic: letter variants folded (أ إ آ ٱ -> ا, ة -> ه, ى -> ي, ؤ -> و, ئ -> ي), short-vowel marks
 * and tatweel removed, then light stemming in the manner of Larkey's "light10" (the attached
 * conjunction و/ف, the article ال with ب ك ل before it, and common suffixes), the whole word
 * indexed as well. English words inside an Arabic message are analysed as English.
 */
import { arabiziSpellings, isArabizi } from './arabizi';
import { ENGLISH } from './english';
import { addLatinWords } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer, type Term } from './term';
import { scriptRuns, stripMarks } from './text';

// Tashkeel (harakat, tanween, shadda, sukun), superscript alef, Quranic marks, and tatweel.
const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const LETTERS: Record<string, string> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي',
  // Persian and Urdu keyboards' kaf and yeh.
  'ک': 'ك', 'ی': 'ي', 'ې': 'ي', 'ہ': 'ه', 'ۀ': 'ه',
  // Levantine, Gulf and Iraqi speakers say ظ as ض and write either (ضهري / ظهري "my back", شروظ).
  'ظ': 'ض',
  // Egyptian and Levantine say ذ as ز or د and ث as ت, and write them so (نموزج, تاني, كتير, تلات):
  // the standard spelling folds to the spoken one.
  'ذ': 'ز', 'ث': 'ت',
};
const VARIANTS = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'g');

/** An Arabic word with its letter variants folded and its marks removed. */
export function normalizeArabic(word: string): string {
  return word.replace(MARKS, '').replace(VARIANTS, (c) => LETTERS[c]).replace(HAMZA_ON_LINE, 'ي');
}
// A hamza typed on the line before ي (جناءي, رءيس) stands for ئ, which folds to ي: جنائي = جنايي.
const HAMZA_ON_LINE = /ء(?=ي)/g;

// Longest first; each leaves at least three letters (checked below).
// The Levantine and Gulf demonstrative هال (this: هالمرة, بهالانتخابات) and على ال written عال
// (عالورقة) go like the article.
const PREFIXES = ['وبهال', 'بهال', 'لهال', 'وهال', 'وعال', 'وبال', 'هال', 'عال', 'وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و', 'ف'];
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

// The ت that stripSuffix takes for a feminine ة is a plural's ات as often (بياناتي my data,
// معلوماتي): that cut is kept too, so بياناتي also meets البيانات (بيانات, بيان).
function pluralBeforePronoun(w: string): string[] {
  const s = SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= 3);
  if (!s || !PRONOUNS.has(s)) return [];
  const rest = w.slice(0, -s.length);
  return rest.endsWith('ات') && rest.length >= 5 ? [rest, rest.slice(0, -2)] : [];
}

/**
 * The forms of a normalised Arabic word that are indexed and looked up: the word, without its
 * prefixes, without its suffix, without both, and without a present-tense person prefix. Light
 * stemming cuts wrongly now and then (و in ولاية is the root's); offering every cut lets two
 * forms of a word meet on the one they share instead of missing each other on a single guess.
 */
// Endings the dialects put on verbs, tried besides the one suffix above (whose cut is kept): the
// object pronoun "me" (سجلني register me, حذفوني they deleted me), "to me" (بعتلي sent me), and the
// plural وا (شطبوا, امسحوا, جبتوا).
const VERB_ENDINGS = ['وني', 'ني', 'لي', 'وا'];
// A verb's present-tense ب (Levantine, Egyptian: بسجل, بصوت) and future ه/ح (Egyptian: هصوت, حسجل)
// before a person prefix (or before the stem, the person's ا swallowed: هصوت, هسجل).
const TENSE = /^[هح](?=[اينت]...|...$)/;

export function arabicForms(word: string): string[] {
  const bare = stripPrefix(word);
  const stem = stripSuffix(bare);
  const forms = new Set([word, bare, stripSuffix(word), stem, ...pluralBeforePronoun(bare)]);
  const verbs: string[] = [];
  for (const e of VERB_ENDINGS) if (bare.endsWith(e) && bare.length - e.length >= 3) verbs.push(bare.slice(0, -e.length));
  if (bare.length === 4 && bare.startsWith('ب')) verbs.push(bare.slice(1));
  if (TENSE.test(bare)) verbs.push(bare.slice(1));
  for (const v of verbs) {
    forms.add(v);
    if (PERSON.test(v)) forms.add(v.slice(1));
  }
  // Tanween's alef (مسجلاً registered, مبكراً early) once its marks are gone.
  if (bare.length >= 5 && bare.endsWith('ا')) forms.add(bare.slice(0, -1));
  if (PERSON.test(stem)) forms.add(stem.slice(1));
  // A relative adjective (الانتخابية electoral, الانتخابي) meets its noun (الانتخابات elections)
  // without its ي; and a feminine or plural ending cut leaves the shared stem of
  // الأهلية / أهلية / أهليتي (eligibility).
  if (/يه?$/.test(bare) && stem.endsWith('ي') && stem.length >= 5) forms.add(stem.slice(0, -1));
  return [...forms];
}

// "Can I" (اقدر, بقدر, يقدر, نقدر; the dialect group ~يستطيع) weighs this much, between a function word
// (0.3) and a content word (1): at full weight the many felony_record lines "طلعت من السجن بقدر اصوت"
// drew a bare "هل اقدر اصوت" (can I vote) to themselves. Measured on the training misses (0.2 to 1).
const MODAL_WEIGHT = 0.4;

const FUNCTION_SET = new Set(FUNCTION_WORDS.ar.map(normalizeArabic));

// The dialects (Levantine, Egyptian, Gulf, Iraqi, Maghrebi) write the same question words and a
// few everyday words apart: each spelling also stands for one shared term, so وين (Levantine,
// Gulf), فين (Egyptian) and أين (Standard) meet. The word itself is indexed too.
const DIALECT_GROUPS: Record<string, readonly string[]> = {
  اين: ['اين', 'وين', 'فين', 'وينه', 'فينه', 'فاين'],
  متي: ['متي', 'امتي', 'ايمتي', 'امته', 'امتا', 'وقتاش', 'وقتيش', 'اميتي', 'شوكت', 'امتين'],
  كيف: ['كيف', 'ازاي', 'ازاى', 'شلون', 'اشلون', 'كيفاش', 'كيفية'],
  مين: ['مين', 'منو', 'شكون', 'مينو', 'لمين'],
  الان: ['الان', 'هلق', 'هلا', 'هلأ', 'دلوقتي', 'دلوقت', 'الحين', 'هسه', 'توا', 'دابا'],
  يوجد: ['يوجد', 'فيه', 'اكو', 'كاين', 'في'],
  لايوجد: ['مافي', 'مفيش', 'ماكو', 'مكانش', 'مافيه', 'مافيش'],
  كم: ['كم', 'قديش', 'كام', 'بكم', 'بكام', 'قداش', 'شقد', 'شحال', 'شكد'],
  لماذا: ['لماذا', 'ليش', 'ليه', 'علاش', 'لويش'],
  يستطيع: ['استطيع', 'يستطيع', 'اقدر', 'بقدر', 'يقدر', 'نقدر', 'تقدر', 'اگدر', 'اجدر', 'نجم', 'نقدرو'],
  يذهب: ['اذهب', 'اروح', 'بروح', 'نروح', 'تروح', 'يروح', 'امشي', 'رايح', 'رايحه', 'رايحين', 'ذاهب'],
  يحتاج: ['احتاج', 'محتاج', 'محتاجه', 'نحتاج', 'يحتاج', 'تحتاج'],
};
const DIALECT = new Map(Object.entries(DIALECT_GROUPS).flatMap(([shared, words]) => words.map((w) => [normalizeArabic(w), `~${shared}`] as const)));

/** The term a dialect spelling of a question word or everyday word shares with the others, if it has one. */
export function dialectTerm(word: string): string | undefined {
  return DIALECT.get(word);
}

// To vote, as a verb (اصوت, يصوتوا, صوتت, انتخب, ننتخب, اقترع) or its noun (التصويت): one shared
// term besides the word's own forms, so "بدي انتخب" meets "التصويت". (الانتخابات, the elections,
// is a noun of its own: election day.) Maghrebi says it with the French "voter": نفوطي, كنفوطي,
// فوطيت, التفويط (the verb's forms only: فوطة is a towel).
const VOTE = /^(صوت(ت|تي|نا|وا|و)?|تصويت|نتخب(ت|نا|وا|و)?|اقترع|قترع|ادلي|يدلي|ادلاء|[نيت]?فوطي(و|ت|نا)?|تفويط)$/;

/** The term every form of "to vote" shares, if the word is one. */
export function voteTerm(forms: readonly string[]): string | undefined {
  return forms.some((f) => VOTE.test(f)) ? '~صوت' : undefined;
}

// Words of the domain the dialects say differently (early: مبكر / بكير / بدري / مسبق; by post: بريد /
// بوسطة; moved house: انتقلت / نقلت / عزلت / رحلت; prison: سجن / حبس; free: مجاني / ببلاش; a scam:
// احتيال / نصب; English: انجليزي / انكليزي), and forms of one word the
// light stemmer leaves apart (متطوع / تطوع, مترجم / ترجمة): each also stands for one shared term,
// looked up on any of the word's forms (so with or without the article and a suffix).
const SYNONYM_GROUPS: Record<string, readonly string[]> = {
  مبكر: ['مبكر', 'بكير', 'بدري', 'مسبق', 'بكري'],
  بريد: ['بريد', 'بوسطه', 'بوسته', 'بوسطا', 'بوستا', 'بوسطة', 'بوستة'],
  انتقل: ['انتقلت', 'انتقل', 'انتقلنا', 'نقلت', 'نقلنا', 'عزلت', 'عزلنا', 'عزل', 'رحلت', 'رحلنا', 'اتنقلت', 'تنقلت'],
  سجن: ['سجن', 'حبس', 'محبوس', 'مسجون', 'سجين', 'مساجين', 'انحبست', 'انحبس', 'اتحبست', 'انسجنت', 'اتسجنت', 'حبسوني', 'سجنوني'],
  تطوع: ['تطوع', 'متطوع', 'متطوعين', 'متطوعه', 'تطوعي'],
  ترجم: ['ترجمه', 'مترجم', 'ترجم', 'مترجمه', 'مترجمين'],
  اعاقه: ['اعاقه', 'معاق', 'معاقه', 'معاقين', 'اعمي', 'كفيف', 'عميان', 'اصم', 'اطرش', 'مقعد', 'عاجز'],
  مواطن: ['جنسيه', 'مواطن', 'مواطنه', 'مواطنين', 'متجنس', 'تجنست', 'تجنس'],
  عمر: ['عمر', 'عمري', 'عمره', 'السن'],
  مجاني: ['مجاني', 'مجانا', 'ببلاش', 'بلوش', 'رسوم', 'تكلفه', 'يكلف', 'بيكلف', 'مصاري', 'فلوس'],
  انجليزي: ['انجليزي', 'انكليزي', 'انقليزي', 'انجليزيه', 'انكليزيه', 'انقليزيه', 'انجلش', 'انكلش'],
  احتيال: ['احتيال', 'نصب', 'نصاب', 'نصابين', 'نصابه', 'مزيف', 'مزيفه', 'سبام', 'فيك'],
  // Having the right to, being allowed to (يحق لي, بيحقلي, مسموحلي, يسمح لي): "may I vote". Not
  // the noun حق / حقي, which the Gulf also says for "of / mine" (مركز الاقتراع حقي).
  يحق: ['يحق', 'يحقلي', 'يحقله', 'يحقلك', 'يحقلها', 'يحقلهم', 'يحقلنا', 'مسموح', 'مسموحلي', 'مسموحله', 'مسموحلك', 'مسموحلها', 'مسموحلهم', 'يسمح', 'يسمحلي', 'يسمحولي', 'يسمحوا', 'بيسمحوا'],
  // Taken off a list: deleted, struck off, removed (Levantine شال), wiped.
  حذف: ['حذف', 'حذفت', 'انحذف', 'اتحذف', 'شطب', 'شطبت', 'انشطب', 'اتشطب', 'انشطبت', 'شال', 'شالت', 'اتشال', 'انشال', 'مسح', 'مسحت', 'انمسح', 'اتمسح'],
};
const SYNONYMS = new Map(Object.entries(SYNONYM_GROUPS).flatMap(([shared, words]) => words.map((w) => [normalizeArabic(w), `~${shared}`] as const)));

/** The term a domain word shares with its dialect synonyms, if one of its forms has one. */
export function synonymTerm(forms: readonly string[]): string | undefined {
  for (const f of forms) {
    const shared = SYNONYMS.get(f);
    if (shared) return shared;
  }
  return undefined;
}

// "من" is "from" and "who": before a pronoun or a demonstrative (من انتم, من معي, من هذا) it asks who.
const WHO_BEFORE = new Set(['انت', 'انتم', 'انتو', 'انتوا', 'انتي', 'حضرتك', 'معي', 'معاي', 'معايا', 'هذا', 'هذه', 'هاد', 'هاي', 'هو', 'هي', 'هم', 'اللي', 'الذي', 'ارسل', 'بعت'].map(normalizeArabic));

// English loanwords of the domain typed in Arabic letters ("بدي اعمل رجيستر", "الباسبور بيمشي",
// "جرين كارد"): each is also read as the Arabic word the examples use, on the same unit.
const LOANWORD_GROUPS: Record<string, readonly string[]> = {
  تسجيل: ['رجيستر', 'ريجستر', 'رجستر', 'ريجيستر', 'رجسترت', 'ريجسترت', 'رجستريشن', 'ريجستريشن', 'رجيستريشن'],
  تصويت: ['فوتنج', 'فوتينج', 'فوتينغ', 'فوتنغ', 'فوتر'],
  اقتراع: ['بالوت', 'بالوتس', 'بولنج', 'بولينج', 'بولينغ', 'بولز'],
  جواز: ['باسبور', 'باسبورت', 'باسبورد', 'بسبور'],
  رخصه: ['لايسنس', 'ليسنس', 'لايسينس', 'درايفر'],
  هويه: ['ايدي', 'الايدي'],
  غيابي: ['ابسنتي', 'ابسينتي', 'ابسنتى'],
  موقت: ['بروفيجنال', 'بروفيجونال', 'بروفيزنال', 'بروفيجينال'],
  متطوع: ['فولنتير', 'فولونتير', 'فولنتيير', 'فولينتير', 'فولنتر'],
  خضراء: ['جرين', 'غرين', 'قرين'],
  بطاقه: ['كارد', 'كرت'],
  موعد: ['ديدلاين', 'ديدلان'],
  مواطن: ['سيتيزن', 'ستيزن', 'سيتزن', 'سيتيزنشب', 'سيتيزنشيب'],
  ولايه: ['ستيت', 'استيت'],
  عنوان: ['ادرس', 'ادريس', 'ادرسي', 'ادريسي'],
  استماره: ['فورم', 'فورمه', 'الفورم', 'ابليكيشن', 'ابلكيشن'],
  مقاطعه: ['كاونتي', 'كاونتى'],
};
const LOANWORDS = new Map(Object.entries(LOANWORD_GROUPS).flatMap(([arabic, words]) => words.map((w) => [normalizeArabic(w), normalizeArabic(arabic)] as const)));

/** The Arabic word an English loanword typed in Arabic letters stands for, with or without the article. */
export function loanwordFor(word: string): string | undefined {
  return LOANWORDS.get(word) ?? (word.startsWith('ال') ? LOANWORDS.get(word.slice(2)) : undefined) ?? (word.startsWith('بال') ? LOANWORDS.get(word.slice(3)) : undefined);
}

// "What" before "you" (وش انتم, شو انتو, ايش انت: Gulf, Levantine) asks who is writing, as من انتم does.
const WHAT = new Set(['وش', 'شو', 'ايش', 'اش', 'شنو', 'واش', 'ايه'].map(normalizeArabic));
const YOU = new Set(['انت', 'انتم', 'انتو', 'انتوا', 'انتي', 'حضرتك'].map(normalizeArabic));
const asksWho = (word: string, next: string) => (word === 'من' && WHO_BEFORE.has(next)) || (WHAT.has(word) && YOU.has(next));

/**
 * A cut of a word with at most one edit allowed. The cuts already reach a word's other forms, and
 * every form of a topic's texts within reach adds to its score: with two edits, الانتخاب met
 * الانتخابي and الانتخابيه (electoral, all over polling_place's "electoral centre") as well as
 * الانتخابات, and "يوم الانتخابات" alone ranked polling_place above election_day.
 */
function oneEdit(term: Term): Term {
  return term.fuzzy > 1 ? { ...term, fuzzy: 1 } : term;
}

/** True for a function word, also with the conjunction و before it (وانا, وبدي, ومش). */
function isFunctionWord(word: string): boolean {
  return FUNCTION_SET.has(word) || (word.length >= 3 && word[0] === 'و' && FUNCTION_SET.has(word.slice(1)));
}

/** The analysis of an Arabic text: one unit a word. */
export function analyzeArabic(text: string): Analysis {
  const b = new AnalysisBuilder();
  const english: string[] = [];
  const runs = scriptRuns(text).filter((r) => r.script === 'arabic' || r.script === 'latin');
  const latin = runs.filter((r) => r.script === 'latin').map((r) => stripMarks(r.text));
  // Arabizi ("wein a9awet"): its Latin words are read as Arabic too (and as English: "kif a3mel register").
  const arabizi = isArabizi(latin);
  const words = runs.map((r) => {
    if (r.script === 'arabic') {
      const typed = normalizeArabic(r.text);
      const loan = typed && loanwordFor(typed);
      return { spellings: [typed, ...(loan ? [loan] : [])].filter(Boolean), latin: '' };
    }
    const word = stripMarks(r.text);
    // Written back in Arabic letters, a word is folded like typed Arabic (امتى -> امتي meets ~متي).
    return { spellings: arabizi ? arabiziSpellings(word).map(normalizeArabic) : [], latin: word };
  });
  words.forEach(({ spellings, latin: latinWord }, i) => {
    if (!spellings.length) {
      // An Arabizi article or a letter alone ("el", "l") is no word; other Latin words are English.
      if (latinWord && !arabizi) english.push(latinWord);
      return;
    }
    const word = spellings[0];
    const next = words[i + 1]?.spellings[0] ?? '';
    const who = asksWho(word, next);
    const shared = who ? dialectTerm('مين') : dialectTerm(word);
    if (isFunctionWord(word) && !who) {
      const unit = [b.unit(FUNCTION_WORD_WEIGHT)];
      b.terms.push(exactTerm(word, unit, FUNCTION_WORD_WEIGHT));
      if (shared) b.terms.push(exactTerm(shared, unit, FUNCTION_WORD_WEIGHT));
      return;
    }
    // "Can I" (اقدر, بقدر, نقدر): a modal asks about the verb after it, and says little of its own.
    const modal = shared === '~يستطيع' ? MODAL_WEIGHT : 1;
    const unit = [b.unit(modal)];
    const first = b.terms.length;
    for (const spelling of spellings) {
      const forms = arabicForms(spelling);
      const [whole, ...cuts] = forms;
      // A word written back from Latin letters guesses its short vowels: one edit allowed from 4 letters.
      b.terms.push(latinWord ? contentTerm(whole, unit, { fuzzyFrom: 4, prefixFrom: 99 }) : exactTerm(whole, unit));
      const dialect = spelling === word ? shared : dialectTerm(spelling);
      if (dialect) b.terms.push(exactTerm(dialect, unit));
      const vote = voteTerm(forms);
      if (vote) b.terms.push(exactTerm(vote, unit));
      const synonym = synonymTerm(forms);
      if (synonym) b.terms.push(exactTerm(synonym, unit));
      // Dialect spellings of one stem differ by a letter: one edit allowed from 5 letters, and only
      // one however long the cut (oneEdit).
      for (const cut of cuts) b.terms.push(oneEdit(contentTerm(cut, unit, { fuzzyFrom: 5, prefixFrom: 99 })));
    }
    if (modal < 1) for (let t = first; t < b.terms.length; t++) b.terms[t] = { ...b.terms[t], weight: modal };
    // The same Latin word as English, on the same unit.
    if (latinWord) {
      const en = new AnalysisBuilder();
      addLatinWords(en, ENGLISH, [latinWord]);
      for (const t of en.terms) if (t.weight === 1) b.terms.push({ ...t, units: unit });
    }
  });
  addLatinWords(b, ENGLISH, english);
  return b.build();
}

/** The Arabic analyzer. */
export const arabicAnalyzer: Analyzer = { language: 'ar', analyze: analyzeArabic };
