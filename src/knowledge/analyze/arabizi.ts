/**
 * Arabizi: Arabic typed in Latin letters and digits ("wein a9awet", "kif asajel", "3ayez a3raf"),
 * as people text it on phones and keyboards without Arabic. A message whose Latin words show it
 * (a digit standing for a letter: 3 ع, 7 ح, 9 ص, 2 ء, 5 خ, 6 ط, 8 ق; or a dialect word no English
 * sentence has: wein, emta, kif, ezay, shu, bdi) has its Latin words written back in Arabic letters,
 * in the few spellings the short vowels allow, and analysed as Arabic besides English.
 */
import { own } from './text';

// Everyday and question words, spelt as people type them, with the Arabic they stand for. Those
// marked as markers show a message is Arabizi; the others ("fi", "ma", "law") are read as Arabic
// only once it is.
const WORDS: Record<string, [arabic: string, marker: boolean]> = {};
const add = (arabic: string, marker: boolean, ...spellings: string[]) => spellings.forEach((s) => (WORDS[s] = [arabic, marker]));
add('وين', true, 'wein', 'wain', 'wen', 'wayn', 'ween', 'wyn', 'fein', 'fen', 'fain', 'feen');
add('امتى', true, 'emta', 'imta', 'emtah', 'emteh', 'emtaa', 'amta', 'meta', 'mata', 'mta', 'imteh', 'waqtash', 'w2tesh');
add('كيف', true, 'kif', 'keef', 'kaif', 'kef', 'keif', 'kayf');
add('كيفاش', true, 'kifash', 'kifach', 'kifech', 'kifesh', 'kifeh');
add('ازاي', true, 'ezay', 'izay', 'ezzay', 'ezai', 'izzay', 'ezaay');
add('شلون', true, 'shlon', 'shlun', 'shloon', 'eshlon');
add('شو', true, 'shu', 'sho', 'shou', 'shoo', 'esh', 'eish', 'aish', 'ayesh', 'eh', 'eih', 'shno', 'shnu', 'wesh', 'wsh');
add('ليش', true, 'lesh', 'leish', 'lish', 'leh', 'leih', 'lech', '3lash', '3lach');
add('مافي', true, 'mafi', 'mafee', 'mafish', 'mfish', 'mafeesh', 'mako', 'maku');
add('بدي', true, 'bdi', 'baddi', 'badi', 'bidi', 'beddi', 'bde');
add('عايز', true, '3ayez', '3ayz', '3awez', '3awz', '3ayza', '3ayzeh');
add('ابي', true, 'abi', 'abgha', 'abga', 'abgh', 'abghi', 'ubi');
add('ممكن', true, 'momken', 'mumkin', 'mmkn', 'mumken', 'momkin', 'mmken');
add('اقدر', true, 'a2dar', 'a2der', 'agdar', 'aqdar', 'a2dr', 'agdr', 'bi2dar', 'b2dar', 'b2der', 'ba2dar');
add('لازم', true, 'lazem', 'lazim', 'lazm', 'laazem');
add('مش', true, 'mesh', 'mish', 'msh', 'mech');
add('مين', true, 'meen', 'mein', 'miin', 'minu', 'menu', 'mino', 'mnu');
add('قديش', true, 'adesh', 'addesh', '2adesh', '2addesh', 'gedesh', 'kam', 'gaddesh');
add('اذا', true, 'iza', 'eza', 'itha', 'etha', 'ida');
add('انا', true, 'ana', 'ani');
add('انت', true, 'enta', 'inta', 'enti', 'inti', 'ent', 'int');
add('انتو', true, 'entu', 'intu', 'entou', 'entom', 'antum', 'into', 'ento');
add('احنا', true, 'ehna', 'i7na', 'e7na', 'a7na', 'ne7na', 'n7na');
add('هلق', true, 'halla', 'hala2', 'halla2', 'hal2', 'delwa2ti', 'dilwa2ti', 'alhin', 'al7een', 'hassa');
add('يعني', true, 'ya3ni', 'y3ni', 'yaani', 'yani');
add('هل', false, 'hal');
add('في', false, 'fi', 'fee', 'fih', 'fiy');
add('من', false, 'min', 'mn', 'men');
add('ما', false, 'ma', 'maa');
add('لا', false, 'la', 'laa');
add('لو', false, 'law', 'lw');
add('مع', false, 'ma3', 'm3');
add('على', false, '3ala', '3la', '3al', '3a');
add('هاد', false, 'hada', 'hatha', 'hayda', 'haida', 'da', 'di', 'hay', 'hadi');
add('و', false, 'w', 'wa', 'we');
add('ب', false, 'b', 'bi');
add('يا', false, 'ya');
add('', false, 'el', 'al', 'il', 'l', 'lel', 'lil', 'lal', 'bel', 'bil', 'bal', 'fel', 'fil', 'wel', 'wil', 'wal');
// Words of the domain whose letters do not write back: s, t, d, h typed for ص, ط, ض, ح ("asawet",
// "tasweet"), a q or 2 for the ق of اقتراع, the long vowels of انتخابات. To vote, voting, elections
// and registration so spelt are no English, Spanish or Tagalog word: they show a message is Arabizi.
add('اصوت', true, 'asawet', 'asawwet', 'sawet', 'sawwet', 'nsawet', 'bsawet', 'bsawwet', 'a9awwet', 'sawat', 'sawwat');
add('التصويت', true, 'tasweet', 'taswit', 'taswiit', 'tasweet', 'ta9weet', 'ta9wit');
add('الانتخابات', true, 'intikhabat', 'entikhabat', 'intekhabat', 'entekhabat', 'intikabat', 'enti5abat', 'inti5abat', 'ente5abat', 'ente5abaat');
add('انتخب', true, 'intikhib', 'entikhib', 'antkhib', 'ante5eb', 'anta5eb', 'entekheb', 'nentekheb', 'ntekheb', 'ante5ib');
add('الاقتراع', true, 'iqtira3', 'eqtera3', 'e2tira3', 'i2tira3', 'e2tera3', 'iktira3');
add('هوية', false, 'hawiye', 'hawiya', 'hawiyya', 'hawiyye', 'hawiyeh', 'hawieh', '7awiye', 'hwiye', 'hwiya');
add('التسجيل', true, 'tasjeel', 'tasjil', 'tasgeel', 'tasgil');
add('سجن', false, 'sejn', 'sijn', 'segn', 'habs', '7abs', '7abes', 'ma7bous', 'mahbous', 'masjoon', 'masjun');
add('مرشح', false, 'morasha7', 'murasha7', 'mursha7', 'morshe7', 'mrashe7', 'moreshe7');
add('حزب', false, '7ezb', '7izb', 'hezb', 'hizb');
add('اتطوع', false, 'at6awa3', 'atatawa3', 'atatawwa3', 'tatawo3', 'tatawu3', 'ta6awo3', 'mutatawe3', 'mot6awe3', 'mit6awe3');
add('بريد', false, 'bareed', 'barid', 'bared', 'bosta', 'busta', 'posta');
add('مبكر', false, 'mobaker', 'mubaker', 'mbaker', 'mobakir', 'mubakkir', 'mbakker', 'badri', 'bakir', 'bakeer', 'bakkir');
add('ورقة', false, 'wara2a', 'wara2et', 'war2a', 'wara2', 'wara2ah', 'waraqa', 'waraqat', 'war2et');
add('مسجل', false, 'msajal', 'msajjal', 'mesajel', 'msajel', 'mitsajel', 'metsagel', 'mitsagel', 'msagal', 'mesagel');

// A digit standing for a letter, next to a letter (a9awet, 3ayez, 7ad); not an ordinal or a time.
const DIGIT_LETTER = /[a-z][235679]|[235679][a-z]/;
const NOT_ARABIZI = /^\d+(st|nd|rd|th|am|pm|s|k|m)$/;

/** True when a message's Latin words are Arabizi rather than English. */
export function isArabizi(words: readonly string[]): boolean {
  return words.some((w) => (DIGIT_LETTER.test(w) && !NOT_ARABIZI.test(w)) || own(WORDS, w)?.[1] === true);
}

// Dialect words no English, Spanish, Tagalog or Vietnamese message has: enough on their own to say
// a first message is Arabic (the other markers, "ana", "menu", "into", "hala", are words elsewhere).
const FIRST_MESSAGE_MARKERS = new Set(['wein', 'wain', 'wayn', 'emta', 'imta', 'kif', 'keef', 'ezay', 'izay', 'ezzay', 'shlon', 'bdi', 'baddi', '3ayez', '3ayz', 'momken', 'mumkin', 'ya3ni', 'mafi', 'mafish', 'mafeesh', 'lazem', 'delwa2ti']);
// A digit for ع ح ص خ ط between letters of a word of two letters or more (a9awet, ma3, 7ad); not 2
// (English text-speak writes "2day", "me2") and not an apartment, an ordinal or a time (5b, 3rd, 7pm).
const FIRST_MESSAGE_DIGIT = /[a-z][35679]|[35679][a-z]/;

/**
 * True when a first message's Latin words are Arabizi: stricter than isArabizi, which reads the
 * words of a message in an Arabic conversation; here a false "yes" would answer an English or
 * Tagalog speaker in Arabic.
 */
export function isArabiziFirstMessage(words: readonly string[]): boolean {
  return words.some(
    (w) => FIRST_MESSAGE_MARKERS.has(w) || (FIRST_MESSAGE_DIGIT.test(w) && !NOT_ARABIZI.test(w) && (w.match(/[a-z]/g)?.length ?? 0) >= 2),
  );
}

const DIGRAPHS: [RegExp, string][] = [
  [/3'/g, 'غ'], [/7'/g, 'خ'], [/sh|ch/g, 'ش'], [/kh/g, 'خ'], [/gh/g, 'غ'], [/th/g, 'ث'], [/dh/g, 'ذ'],
  [/aa/g, 'ا'], [/ee|ii|ei|ie/g, 'ي'], [/oo|ou|uu/g, 'و'], [/ai|ay/g, 'اي'],
];
const LETTERS: Record<string, string> = {
  '2': 'ا', '3': 'ع', '5': 'خ', '6': 'ط', '7': 'ح', '8': 'ق', '9': 'ص',
  b: 'ب', p: 'ب', t: 'ت', j: 'ج', g: 'ج', d: 'د', r: 'ر', z: 'ز', s: 'س', f: 'ف', v: 'ف', q: 'ق', k: 'ك', c: 'ك',
  l: 'ل', m: 'م', n: 'ن', h: 'ه', w: 'و', y: 'ي', x: 'كس',
};

/**
 * An Arabizi word in Arabic letters: its known spelling, or its letters written back with the
 * short vowels guessed both ways (a medial a dropped or written ا; a final a as ا or ة).
 */
export function arabiziSpellings(word: string): string[] {
  const known = own(WORDS, word);
  if (known) return known[0] ? [known[0]] : [];
  let w = word;
  for (const [from, to] of DIGRAPHS) w = w.replace(from, to);
  const out = new Set<string>();
  for (const keepA of [false, true])
    for (const finalA of ['ا', 'ه']) {
      const chars = [...w];
      const s = chars
        .map((c, i) => {
          const first = i === 0;
          const last = i === chars.length - 1;
          if ('aeiou'.includes(c)) {
            if (first) return 'ا';
            if (c === 'a') return last ? finalA : keepA ? 'ا' : '';
            if (c === 'e') return last ? 'ه' : '';
            return c === 'i' ? 'ي' : 'و';
          }
          return LETTERS[c] ?? (/[\u0600-\u06ff]/.test(c) ? c : '');
        })
        .join('')
        // A doubled letter is one letter with a shadda.
        .replace(/(.)\1+/gu, '$1');
      if ([...s].length >= 2) out.add(s);
    }
  return [...out];
}
