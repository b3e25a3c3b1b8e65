/**
 * Vietnamese: every syllable and every pair of neighbouring syllables is a term twice, with and
 * without tone and vowel marks, so "co the bo phieu qua thu khong" and "có thể bỏ phiếu qua thư
 * không" meet. Pairs carry the meaning (bỏ phiếu = vote) and tell apart the many toneless
 * syllables that collide (thu = thư, thu, thú).
 */
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer } from './term';
import { isNumber, own, scriptRuns, stripMarks } from './text';
import { readInputLeftovers } from './vietnamese-input';

const FUNCTION_SYLLABLES = new Set(FUNCTION_WORDS.vi);
// Letters only Vietnamese uses among the shipped Latin-script languages.
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/;

// Text-speak initials for the words a voter-help question is made of ("dk bc" = đăng ký bầu cử):
// written out, they meet the examples' syllables and pairs.
const SHORTHAND: Record<string, string[]> = {
  dk: ['đăng', 'ký'], bc: ['bầu', 'cử'], ntn: ['như', 'thế', 'nào'], sdt: ['số', 'điện', 'thoại'], tp: ['thành', 'phố'],
  gplx: ['bằng', 'lái', 'xe'],
  // Everyday text-speak: bh (bao giờ, when), bjo / bj (bây giờ), h (giờ: "mấy h"), trc (trước),
  // ng (người), ngta (người ta), mn (mọi người), ns (nói), lm (làm), kg / khg / hem / hông (không),
  // đc (được), r (rồi), z / zậy (vậy), bt (biết), tl (trả lời), ad (admin: whoever runs the line).
  bh: ['bao', 'giờ'], bjo: ['bây', 'giờ'], bj: ['bây', 'giờ'], h: ['giờ'], trc: ['trước'], ng: ['người'],
  ngta: ['người', 'ta'], mn: ['mọi', 'người'], ns: ['nói'], lm: ['làm'], kg: ['không'], khg: ['không'],
  hem: ['không'], hong: ['không'], r: ['rồi'], z: ['vậy'], bt: ['biết'], tl: ['trả', 'lời'], bp: ['bỏ', 'phiếu'],
  // More of the same: dky / dki (đăng ký), dkbc, hk / kh / khum (không), ms (mới), cx / cg (cũng),
  // bik (biết), nhiu (nhiều), mun (muốn), tg / tgian (thời gian), dt (đt: điện thoại), hnay / hqua
  // (hôm nay / qua), bnhiu (bao nhiêu), cmnd / cccd (the ID cards: chứng minh nhân dân, căn cước).
  dky: ['đăng', 'ký'], dki: ['đăng', 'ký'], dkbc: ['đăng', 'ký', 'bầu', 'cử'], hk: ['không'], kh: ['không'],
  khum: ['không'], ms: ['mới'], cx: ['cũng'], cg: ['cũng'], bik: ['biết'], nhiu: ['nhiều'], mun: ['muốn'],
  tg: ['thời', 'gian'], tgian: ['thời', 'gian'], dt: ['điện', 'thoại'], hnay: ['hôm', 'nay'], hqua: ['hôm', 'qua'],
  bnhiu: ['bao', 'nhiêu'], cmnd: ['chứng', 'minh'], cccd: ['căn', 'cước'],
  // ko / k (không) and dc / đc (được) were function words already; written out, their pairs meet
  // the examples' ("bầu được không").
  ko: ['không'], k: ['không'], dc: ['được'],
};

// Southern words for the standard ones the examples mostly use, by their toned spelling (without
// marks they are other words: dia is also địa, goi gọi, kiem kiểm): coi (xem, look), kiếm (tìm,
// find), dìa (về), mần (làm), xài (dùng, use), gởi (gửi, send), bữa (hôm: "bữa nào"), vô (vào),
// má (mẹ), hổng (không).
const SOUTHERN: Record<string, string> = {
  coi: 'xem', kiếm: 'tìm', dìa: 'về', mần: 'làm', xài: 'dùng', gởi: 'gửi', bữa: 'hôm', vô: 'vào', má: 'mẹ', hổng: 'không',
};

// Text-speak spellings of initial consonants: f for ph ("bỏ fiếu"), w for qu ("wa thư", "wyền"),
// j for gi ("mấy jờ"). Vietnamese writes none of f, w, j, so a word that starts with one of them
// is either text-speak or English, and English words are changed alike in the index and in the
// message (they still meet each other).
const TEXT_SPEAK_INITIALS: [RegExp, string][] = [
  [/^f(?=[aăâeêioôơuưy])/, 'ph'],
  [/^w(?=[aăâeêioôơuưy])/, 'qu'],
  [/^ji/, 'gi'],
  [/^j(?=[aăâeêoôơuưy])/, 'gi'],
];
const spellInitial = (syllable: string) => TEXT_SPEAK_INITIALS.reduce((w, [from, to]) => w.replace(from, to), syllable.normalize('NFD')).normalize('NFC');

// Two spellings of one syllable: i and y after k and l (kí = ký in "đăng kí", lí = lý in "lí do"),
// written as y, with its tone.
const I_TO_Y: Record<string, string> = { i: 'y', í: 'ý', ì: 'ỳ', ỉ: 'ỷ', ĩ: 'ỹ', ị: 'ỵ' };
const K_OR_L_I = /^([kl])([iíìỉĩị])$/;
const spellY = (syllable: string) => syllable.normalize('NFC').replace(K_OR_L_I, (_, c: string, i: string) => c + I_TO_Y[i]);

/** True when a word has a letter or tone mark only Vietnamese writes. */
export function isVietnameseWord(word: string): boolean {
  return VIETNAMESE_LETTERS.test(word);
}

/** The analysis of a Vietnamese text: one unit a syllable. */
export function analyzeVietnamese(text: string): Analysis {
  const syllables = scriptRuns(text)
    .filter((r) => r.script === 'latin')
    .flatMap((r) => own(SHORTHAND, stripMarks(r.text)) ?? [spellY(spellInitial(r.text))])
    .map((s) => own(SOUTHERN, s) ?? s);
  // Telex and VNI leftovers ("ddawng kys", "d9ang ky1") are read back on the bare form.
  const typed = syllables.map(stripMarks);
  const bare = readInputLeftovers(typed).map(spellY);
  // A word read back from its input keys has no toned form of its own.
  const tonedForms = syllables.map((s, i) => (bare[i] !== typed[i] ? bare[i] : s));
  const b = new AnalysisBuilder();
  const light = bare.map((s) => FUNCTION_SYLLABLES.has(s) || isNumber(s));
  const units = light.map((l) => b.unit(l ? FUNCTION_WORD_WEIGHT : 1));
  bare.forEach((syllable, i) => {
    const toned = tonedForms[i];
    const weight = light[i] ? FUNCTION_WORD_WEIGHT : 1;
    b.terms.push(exactTerm(syllable, [units[i]], weight));
    if (toned !== syllable) b.terms.push(exactTerm(toned, [units[i]], weight));
    if (i + 1 < bare.length) {
      // A pair of two function syllables ("co the", "duoc khong") says as little as each.
      const pairWeight = light[i] && light[i + 1] ? FUNCTION_WORD_WEIGHT : 1;
      const span = [units[i], units[i + 1]];
      const pair = syllable + bare[i + 1];
      // Typos inside a pair of syllables ("bo phiu") are forgiven once the pair is long enough.
      b.terms.push({ ...contentTerm(pair, span, { fuzzyFrom: 7, prefixFrom: 99 }), weight: pairWeight });
      const tonedPair = toned + tonedForms[i + 1];
      if (tonedPair !== pair) b.terms.push(exactTerm(tonedPair, span, pairWeight));
    }
  });
  return b.build();
}

/** The Vietnamese analyzer. */
export const vietnameseAnalyzer: Analyzer = { language: 'vi', analyze: analyzeVietnamese };
