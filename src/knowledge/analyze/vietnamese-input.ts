/**
 * Leftovers of the two Vietnamese input methods, read back as the syllable they were meant to be
 * (without marks: a message's marks are folded away for look-up anyway). A phone whose keyboard
 * is not switched to Vietnamese sends the keys typed:
 * - Telex: dd = đ, aa / ee / oo = â ê ô, aw / ow / uw = ă ơ ư, and a tone key at the end of the
 *   syllable (s f r x j): "ddawng kys baauf cuwr" = đăng ký bầu cử;
 * - VNI: digits after the letters (d9 = đ, a8 = ă, a6 = â, o7 = ơ; 1-5 the tones):
 *   "d9ang ky1 ba62u cu73" = đăng ký bầu cử.
 * A word is read back only when what it gives is shaped like a Vietnamese syllable and the word
 * itself is not, so English words ("poll", "book", "how", "votes") stay as they are.
 */

// A Vietnamese syllable without marks: an initial consonant (or none), one to three vowels, and a
// final consonant among the few Vietnamese allows (or none).
const SYLLABLE = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|nh|ng|[cmnpt])?$/;

// Telex keys that cannot be English: a doubled d at the start, and ă ơ ư typed as aw ow uw before
// the rest of the syllable (aw / ow at a word's end is English: how, now, law).
const TELEX_MARKS: [RegExp, string][] = [
  [/^dd/, 'd'],
  [/aa/, 'a'],
  [/ee/, 'e'],
  [/oo/, 'o'],
  [/uw/, 'u'],
  [/(a|o)w(?=[a-z])/, '$1'],
];
// The tone keys, typed after the syllable: Vietnamese ends no syllable in s, f, r, x or j.
const TONE_KEY = /[sfrxj]$/;
// English words that are also shaped like a telex syllable; left alone.
const ENGLISH = new Set([
  'is', 'as', 'us', 'has', 'was', 'this', 'does', 'goes', 'yes', 'its', 'too', 'see', 'seen', 'been', 'keep', 'meet', 'week',
  'teen', 'soon', 'door', 'good', 'food', 'look', 'took', 'noon', 'moon', 'zoom', 'boot', 'root', 'cool', 'tool', 'pool',
  'town', 'down',
]);

const isSyllable = (word: string) => SYLLABLE.test(word);

/** A word typed in VNI (letters then digits), without its digits, or undefined. */
function fromVni(word: string): string | undefined {
  if (!/^[a-z]+[1-9][a-z1-9]*$/.test(word)) return undefined;
  const letters = word.replace(/[1-9]/g, '');
  return isSyllable(letters) ? letters : undefined;
}

/**
 * A word typed in Telex, as the bare syllable it was meant to be, or undefined. `telexSeen`: the
 * message already has a telex key only Telex types (dd, aa, aw...), so a tone key at the end of a
 * word is read as one too ("dang kys" alone is left: "kys" could be anything).
 */
function fromTelex(word: string, telexSeen: boolean): string | undefined {
  if (ENGLISH.has(word) || isSyllable(word)) return undefined;
  let w = word;
  let marked = false;
  for (const [from, to] of TELEX_MARKS) {
    const next = w.replace(from, to);
    marked ||= next !== w;
    w = next;
  }
  if ((marked || telexSeen) && TONE_KEY.test(w) && isSyllable(w.slice(0, -1))) w = w.slice(0, -1);
  return w !== word && isSyllable(w) ? w : undefined;
}

/** Whether a bare word shows a key only the Telex input method types. */
function hasTelexMark(word: string): boolean {
  if (ENGLISH.has(word) || isSyllable(word)) return false;
  return TELEX_MARKS.some(([from]) => from.test(word)) && fromTelex(word, false) !== undefined;
}

/**
 * The bare words of a message (no marks, lower case) with Telex and VNI leftovers read back as
 * the syllables they stand for; every other word unchanged.
 */
export function readInputLeftovers(bare: string[]): string[] {
  const telexSeen = bare.some(hasTelexMark);
  return bare.map((w) => fromVni(w) ?? fromTelex(w, telexSeen) ?? w);
}
