/**
 * Taglish as texted: Tagalog affixes on English words written with a hyphen ("nagpa-register",
 * "magre-register", "nagme-message", "makapag-vote", "i-check"). The hyphen splits the word in
 * two; the part before it is only affix (a verb prefix, and perhaps the first syllable of the word
 * said twice, the continuing aspect), so it is a function word, not a content word that no topic
 * knows (which would lower every topic's coverage).
 */

/**
 * More of Tagalog's text-speak (dropped vowels, c/x/q for k, s, ko): expanded, a particle counts as
 * the function word it is and a content word meets the examples' spelling. Only the unambiguous.
 */
export const TAGALOG_TEXT_SPEAK: Record<string, string> = {
  panu: 'paano', paanu: 'paano', sinu: 'sino', kaylan: 'kailan', kln: 'kailan', klan: 'kailan', kailn: 'kailan',
  kelangan: 'kailangan', kylangan: 'kailangan', klangan: 'kailangan', kailngan: 'kailangan', kilangan: 'kailangan',
  kht: 'kahit', khit: 'kahit', wlang: 'walang', wlng: 'walang', ndi: 'hindi', hnde: 'hindi', hinde: 'hindi', d: 'di',
  pwedi: 'pwede', pwdeng: 'pwedeng', pdeng: 'pwedeng', pdi: 'pwede', xa: 'siya', xia: 'siya', nio: 'ninyo', niyo: 'ninyo',
  kyo: 'kayo', nmin: 'namin', nmen: 'namin', ntin: 'natin', nten: 'natin', bket: 'bakit', anung: 'anong', mron: 'meron',
  tlg: 'talaga', tlaga: 'talaga', dn: 'din', rn: 'rin', ngaon: 'ngayon', ngyon: 'ngayon', poh: 'po', pu: 'po', pow: 'po',
  aku: 'ako', akoh: 'ako', qo: 'ko', p: 'pa', gsto: 'gusto', gus2: 'gusto', gsto2: 'gusto', dtu: 'dito', d2: 'dito',
  '2': 'ito', '4': 'for', u: 'you', reg: 'register', elec: 'eleksyon', sked: 'schedule', sched: 'schedule',
  // A verb prefix typed as a word of its own without its vowels ("pnu aq mkpg register").
  // Everyday text-speak: "nasan presinto ko" / "asan" (where is: saan), "bat" (bakit), "db" (diba).
  nasaan: 'saan', nasan: 'saan', asan: 'saan', nsaan: 'saan', nsan: 'saan', san: 'saan', bat: 'bakit', db: 'diba', eto: 'ito',
  kmi: 'kami', ku: 'ko', indi: 'hindi', pg: 'pag', slmt: 'salamat', sge: 'sige', ngayun: 'ngayon', mayron: 'mayroon', mei: 'may',
  nov: 'nobyembre', nob: 'nobyembre', gano: 'gaano', ganu: 'gaano', magkanu: 'magkano', eleksiyon: 'eleksyon', eleksyong: 'eleksyon',
  mkpg: 'makapag', nkpg: 'nakapag', mkkpg: 'makakapag', nkkpg: 'nakakapag', mkapg: 'makapag', nkapg: 'nakapag', mgpa: 'magpa', ngpa: 'nagpa',
};

/**
 * A verb prefix written as a word of its own before the verb it belongs to ("makakapag register",
 * "magpa rehistro", "nakapag vote"): affix only, so a function word like mag and nag, not a content
 * word that no topic knows. Only the chains that are no word themselves (not papa, mama, ina).
 */
export const STANDALONE_AFFIX = /^(?:makakapag|nakakapag|makapag|nakapag|makikipag|nakikipag|makipag|nakipag|magpa|nagpa|pagpa|ipag|makaka|nakaka|maka|naka|kaka|magka|nagka)$/;

// Verb prefixes, longest first; one or more of them make up an affix part.
const PREFIX = '(?:makapag|nakapag|makipag|nakipag|magpa|nagpa|pagpa|ipag|maka|naka|kaka|pina|pinag|mag|nag|pag|ipa|ma|na|pa|ka|i)';
const AFFIX_ONLY = new RegExp(`^${PREFIX}+$`);
// A prefix chain then a syllable: "nagre" of nagre-register, "nagme" of nagme-message.
const AFFIX_SYLLABLE = new RegExp(`^(${PREFIX}+)([bcdfghjklmnpqrstvwxyz]{0,2}[aeiou])$`);
const HYPHENATED = /([\p{L}]+)-(?=([\p{L}]+))/gu;

/**
 * The parts before a hyphen in a text that are only Tagalog affixes, folded as the analysis folds
 * words (lower case, no accents): for "nagpa-register, magre-register" {nagpa, magre}. A syllable
 * after the prefixes counts only when the next part begins with it (magre-register, not "mage-x").
 */
export function tagalogAffixParts(text: string): Set<string> {
  const parts = new Set<string>();
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  for (const m of folded.matchAll(HYPHENATED)) {
    const [, left, right] = m;
    // English re- too, in Tagalog grammar: "mag re-register".
    if (AFFIX_ONLY.test(left) || left === 're') parts.add(left);
    else {
      const s = AFFIX_SYLLABLE.exec(left);
      // The syllable said twice is said, not spelt: "magpi-print", "nagfi-fill", "nagshi-share".
      if (s && (right.startsWith(s[2]) || (s[2].length > 1 && right.startsWith(s[2].slice(0, -1))))) parts.add(left);
    }
  }
  return parts;
}

/**
 * Words whose linker (-ng after a vowel, -g after n) hides a domain word the examples write bare:
 * "takdang araw" (deadline), "wikang" (language), "rehistradong botante", "maagang pagboto",
 * "sinong kandidato", "totoong tao". Only these: cutting the linker from every content word
 * measured worse (bagong is bago, new and before; dating is dati and arriving).
 */
export const LINKED_WORDS: Record<string, string> = Object.fromEntries(
  [
    'takda', 'wika', 'rehistrado', 'maaga', 'sino', 'totoo', 'huli', 'botante', 'karapatan', 'sarili', 'tatakbo',
    'tumatakbo', 'libre', 'tama', 'mali', 'balota', 'kandidato', 'partido', 'botohan', 'eleksyon',
  ].map((w) => [w.endsWith('n') ? `${w}g` : `${w}ng`, w]),
);

/**
 * US states and the cities most Filipino Americans write from: where a question is asked, not
 * what it asks ("deadline sa california", "taga san diego"). Function words, so a place named in
 * an out-of-scope example ("kapitolyo ng california") does not pull a voter's question there.
 * Names of two words count when both are there ("new york", "los angeles").
 */
const PLACES = [
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'cali', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia',
  'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland', 'massachusetts',
  'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'ohio', 'oklahoma', 'oregon',
  'pennsylvania', 'tennessee', 'texas', 'utah', 'vermont', 'virginia', 'washington', 'wisconsin', 'wyoming',
  'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'south carolina', 'south dakota',
  'rhode island', 'west virginia', 'ny', 'nyc', 'nj',
  'chicago', 'houston', 'seattle', 'honolulu', 'sacramento', 'oakland', 'stockton', 'daly city', 'vallejo', 'fremont',
  'los angeles', 'la', 'san diego', 'san francisco', 'sf', 'san jose', 'las vegas', 'vegas', 'jersey city', 'queens', 'brooklyn',
  'bronx', 'phoenix', 'dallas', 'austin', 'atlanta', 'boston', 'miami', 'orlando', 'tampa', 'philadelphia', 'philly',
  'detroit', 'denver', 'portland', 'anchorage', 'carson', 'cerritos', 'milpitas', 'union city',
];
const ONE_WORD_PLACES = new Set(PLACES.filter((p) => !p.includes(' ')));
const TWO_WORD_PLACES = new Set(PLACES.filter((p) => p.includes(' ')));

/** Which of a message's (folded) words name a US state or city, by position. */
export function placeWords(words: readonly string[]): Set<number> {
  const at = new Set<number>();
  words.forEach((w, i) => {
    if (i + 1 < words.length && TWO_WORD_PLACES.has(`${w} ${words[i + 1]}`)) at.add(i).add(i + 1);
    else if (ONE_WORD_PLACES.has(w)) at.add(i);
  });
  return at;
}

/**
 * Negation, a function word elsewhere, says what a Tagalog question asks: "hindi pa ako rehistrado"
 * (how do I register) is not "rehistrado ba ako" (am I registered), "wala ang pangalan ko" (not on
 * the list) not "pangalan ko". Content words, the linked and clipped forms as the word.
 */
export const TAGALOG_NEGATION: Record<string, string> = { hindi: 'hindi', di: 'hindi', wala: 'wala', walang: 'wala' };

/** Ages a voter-help question turns on ("17 pa lang ako", "mag-18"): content words, unlike other numbers. */
export const TAGALOG_AGES = /^1[678]$/;

/** English answers in Taglish ("yes o no sa proposition") are function words, as oo and hindi po are: "yes" alone names no language. */
export const TAGLISH_FUNCTION_WORDS = new Set(['yes', 'no', 'yep', 'nope', 'yeah']);
