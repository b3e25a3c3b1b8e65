/**
 * A light Tagalog stemmer: no maintained JavaScript package stems Tagalog, so this strips the
 * affixes verbs take around a root, enough for "bumoto", "boboto", "makaboto", "pagboto" and
 * "botohan" to meet at "boto". It is deliberately shallow: a wrong cut only costs recall, since
 * the unstemmed word is indexed too.
 */

const VOWEL = /[aeiou]/;
// Longest first: the first that leaves a root of at least four letters is taken.
const PREFIXES = [
  'makapag', 'nakapag', 'makipag', 'nakipag', 'pakikipag', 'pinaka', 'magpa', 'nagpa', 'ipag', 'maka', 'naka', 'paki',
  'mag', 'nag', 'pag', 'pang', 'ipa', 'ma', 'na', 'ni', 'pa', 'ka', 'i',
];
const SUFFIXES = ['han', 'hin', 'an', 'in'];
// An infix -um- or -in- after the first consonant: b-um-oto, s-in-agot.
const INFIX = /^([bcdfghjklmnpqrstvwxyz])(um|in)([aeiou])/;
// A first syllable said twice marks the future or continuing aspect: bo-boto, ma-ma-mili.
const REDUPLICATION = /^([bcdfghjklmnpqrstvwxyz]?[aeiou])\1/;

const rootOk = (root: string) => root.length >= 4 && VOWEL.test(root);
// Question words are whole words, not affixed roots: "kailan" (when) is not ka- + "ilan" (how many).
const UNSTEMMED = new Set(['kailan', 'saan', 'nasaan', 'paano', 'papaano', 'bakit', 'sino', 'kanino', 'ilan', 'ilang', 'magkano', 'gaano', 'alin', 'ano', 'anong']);
// pang- before a vowel is pa- before a root that starts with ng: pangalan = pa + ngalan (name).
const prefixFits = (w: string, p: string) => w.startsWith(p) && rootOk(w.slice(p.length)) && !(p === 'pang' && VOWEL.test(w[4] ?? ''));

/** The root of a Tagalog word as far as light affix stripping finds it (the word itself if none). */
export function stemTagalog(word: string): string {
  if (UNSTEMMED.has(word)) return word;
  let w = word;
  // Two rounds: prefixes stack (maka-ka-boto, nag-pa-rehistro).
  for (let round = 0; round < 2; round++) {
    const p = PREFIXES.find((p) => prefixFits(w, p));
    if (p) w = w.slice(p.length);
  }
  const infix = w.replace(INFIX, '$1$3');
  if (infix !== w && rootOk(infix)) w = infix;
  const redup = w.replace(REDUPLICATION, '$1');
  if (redup !== w && rootOk(redup)) w = redup;
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && rootOk(w.slice(0, -s.length))) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  return w;
}
