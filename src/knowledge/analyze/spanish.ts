/** Spanish as the shared Latin loop reads it: Snowball stemming, texting's shorthand, words spelled by ear. */
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { foldedWords, type LatinRules } from './latin';
import { FUNCTION_WORDS } from './stopwords';

// Text-speak that changes what a word is ("q" = que, "xq" = porque): only the unambiguous ones.
const SHORTHAND: Record<string, string> = { q: 'que', k: 'que', xq: 'porque', pq: 'porque', x: 'por', tb: 'tambien', d: 'de', dnd: 'donde', xa: 'para', toy: 'estoy' };

// Spanish spelled by ear: b for v in the forms of votar ("botar por correo", "boto"), j for g in
// registro ("rejistro"). Only the forms a voter-help question uses (bota, a boot, stays).
const SPANISH_SPELLING: [RegExp, string][] = [
  [/^bot(ar|o|e|es|en|an|as|amos|ando|ado|ada|aste|aron|ara|are|ante|antes|acion|aciones)$/, 'vot$1'],
  [/^rejistr/, 'registr'],
];

/** Spanish's rules for the shared Latin loop. */
export const SPANISH: LatinRules = {
  language: 'es',
  shorthand: SHORTHAND,
  functionWords: foldedWords(FUNCTION_WORDS.es),
  // Snowball Spanish expects accents ("-ación"); words are folded first so that a question typed
  // without accents meets the same stem as one typed with them, and prefix search joins the rest.
  stem: stemSpanish,
  spell: (word) => SPANISH_SPELLING.reduce((w, [from, to]) => w.replace(from, to), word),
};
