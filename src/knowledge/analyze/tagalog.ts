/**
 * Tagalog as the shared Latin loop reads it (`TAGALOG`): its text-speak, clipped verb prefixes and
 * linkers, negation, ages and places (their word lists in tl-taglish.ts), and a light stemmer.
 *
 * The stemmer: no maintained JavaScript package stems Tagalog, so this strips the affixes verbs
 * take around a root, enough for "bumoto", "boboto", "makaboto", "pagboto" and "botohan" to meet
 * at "boto". It is deliberately shallow: a wrong cut only costs recall, since the unstemmed word
 * is indexed too.
 */
import { foldedWords, type LatinReading, type LatinRules } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Term } from './term';
import { own } from './text';
import {
  LINKED_WORDS, placeWords, STANDALONE_AFFIX, TAGALOG_AGES, TAGALOG_NEGATION, TAGALOG_TEXT_SPEAK, TAGLISH_FUNCTION_WORDS, tagalogAffixParts,
} from './tl-taglish';

const VOWEL = /[aeiou]/;
// Longest first: the first that leaves a root of at least four letters is taken.
const PREFIXES = [
  'makapag', 'nakapag', 'makipag', 'nakipag', 'pakikipag', 'pinaka', 'tagapag', 'magpa', 'nagpa', 'ipag', 'maka', 'naka', 'paki', 'taga',
  'mang', 'nang', 'mag', 'nag', 'pag', 'pang', 'man', 'nan', 'pan', 'mam', 'nam', 'pam', 'ipa', 'ma', 'na', 'ni', 'pa', 'ka', 'i',
];
// mang- / pang- take the sound of the root's first consonant: man-, nan-, pan- before d, l, r, s, t
// (nanloloko, mandaraya, pandaraya), mam-, nam-, pam- before b and p (mamboboto, pambansa); not
// before a vowel, where n and m are the root's (nanalo = na + nalo, pamilya).
const NASAL = /^(?:[mnp]an(?=[dlrst])|[mnp]am(?=[bp]))/;
const SUFFIXES = ['han', 'hin', 'an', 'in'];
// Before a suffix a root's last o is said u: kulong -> kulungan (jail), sagot -> sagutan, pasok ->
// pasukan, ayos -> ayusin. Cut, the u of a last syllable after another syllable is the o again.
const RAISED_O = /(?<=[aeiou][^aeiou]+)u([^aeiou]*)$/;
// An infix -um- or -in- after the first consonant (sh, ch, th of English roots count as one):
// b-um-oto, s-in-agot, ch-in-eck, sh-in-are.
const INFIX = /^(sh|ch|th|[bcdfghjklmnpqrstvwxyz])(um|in)([aeiou])/;
// A first syllable said twice marks the future or continuing aspect: bo-boto, ma-ma-mili, che-check.
const REDUPLICATION = /^([bcdfghjklmnpqrstvwxyz]{0,2}[aeiou])\1/;

// After an affix, the first syllable of an English root said twice as it sounds: the consonant(s)
// again, the vowel as spelt in the syllable (shi-share, pi-print, fi-fill): "nagshishare" -> share.
const SOUNDED_TWICE = /^(sh|ch|th|[bcdfghjklmnpqrstvwxyz])[aeiou](?=\1)/;

const ROUNDS = 4;
const PA_WORDS = new Set(['kita', 'dala']);
const rootOk = (root: string) => root.length >= 4 && VOWEL.test(root);
// A root begins as a Tagalog or English syllable does: a vowel, one consonant, or a consonant
// before l, r, w, y, or s before a consonant ("trabaho", "print", "stud"). Not "nd" or "rt": those
// are a word's own letters cut by a prefix look-alike (kandidato is not ka- + "ndidato", partido
// not pa- + "rtido").
const ONSET = /^(?:[aeiou]|ng|[cst]h|[bcdfghjklmnpqrstvwxyz](?:[aeiou]|[lrwy][aeiou])|s[bcdfghjklmnpqrtvwxyz])/;
const rootFits = (root: string) => rootOk(root) && ONSET.test(root);
// Question words are whole words, not affixed roots: "kailan" (when) is not ka- + "ilan" (how many).
const QUESTION_WORDS = new Set(['kailan', 'saan', 'nasaan', 'paano', 'papaano', 'bakit', 'sino', 'kanino', 'ilan', 'ilang', 'magkano', 'gaano', 'alin', 'ano', 'anong']);
// pa- is cut only when the root left keeps four letters without its suffix: "palitan" (change) is
// palit + -an, not pa- + "litan", "pinapayagan" (allowed) payag, not "yagan"; "parehistro" still
// meets rehistro.
const suffixCut = (root: string) => {
  const s = SUFFIXES.find((s) => root.endsWith(s));
  return s ? root.slice(0, -s.length) : root;
};
// A prefix ending in g before a vowel is written with a hyphen (mag-aral), which splits the word:
// unbroken, the g is the root's (maganda = ma + ganda, magaling = ma + galing; and pangalan =
// pa + ngalan, name).
const prefixFits = (w: string, p: string) =>
  w.startsWith(p) &&
  rootFits(w.slice(p.length)) &&
  (p !== 'pa' || rootOk(suffixCut(w.slice(p.length)))) &&
  !(p.endsWith('g') && VOWEL.test(w[p.length])) &&
  ((!p.endsWith('an') && !p.endsWith('am')) || NASAL.test(w));
// Before a vowel the infixes -in- and -um- come first as prefixes: in-alis, in-update, um-attend
// (before a consonant, in- is a word's own: "inform", "inbox").
const VOWEL_PREFIX = /^(in|um)(?=[aeiou])/;

// English words in Taglish are no affixed Tagalog: "papers" is not pa- + "pers", nor "parents"
// pa- + "rents" (whose prefix search meets "personal", "rent"). English plurals after a consonant
// and -tion / -ized words, which no Tagalog word ends in, and the English examples' words a cut
// would change (their whole form is indexed too, but the cut meets other words). The English
// examples' whole vocabulary in place of this list measured the same on the training data (December
// 2026), but analyzers are made without the knowledge base (analyzerFor takes a language only), so
// the list stays until the matcher hands its analyzers the base's words.
const ENGLISH_SHAPE = /(?:[bcdfgklmnprtvz]s|tions?|ized)$/;
const ENGLISH_WORDS = new Set([
  'chinese', 'korean', 'explain', 'finished', 'identity', 'inactive', 'machine', 'mailed', 'manila', 'minimum', 'parole',
  'partisan', 'nonpartisan', 'republican', 'freshman', 'congresswoman', 'paper', 'passport', 'party', 'parties', 'patient',
  'pamphlet', 'parade', 'parking', 'payment', 'nation', 'national', 'native', 'natural', 'material', 'initiative',
]);
// English -man after a consonant (congressman, chairman): no Tagalog word ends so, and cut at -an
// it leaves "congressm".
const ENGLISH_MAN = /[bcdfgklnprstvz]man$/;
const unstemmed = (w: string) => QUESTION_WORDS.has(w) || ENGLISH_WORDS.has(w) || ENGLISH_SHAPE.test(w) || ENGLISH_MAN.test(w);

// Everyday words that look affixed and are not, or whose cut root is no word people use: panahon
// (time, weather) is not pa- + "nahon", pangalan (name) not pa- + "ngalan" cut to "ngal", pangulo
// (president) not pa- + "ngulo", magulang (parent) not ma- + gulang (age, which the age questions
// use). maging / magiging / naging (become) share no root with anything else a person texts: cut,
// they met at "ging"; they meet at maging instead.
const WHOLE_WORDS: Record<string, string> = {
  panahon: 'panahon', pangalan: 'pangalan', pangulo: 'pangulo', pangako: 'pangako', pangarap: 'pangarap', panganib: 'panganib',
  panukala: 'panukala', kapitolyo: 'kapitolyo', kaibigan: 'kaibigan', pamilya: 'pamilya', magulang: 'magulang',
  maging: 'maging', magiging: 'maging', naging: 'maging', nagiging: 'maging',
};

/** The root of a Tagalog word as far as light affix stripping finds it (the word itself if none). */
export function stemTagalog(word: string): string {
  const whole = own(WHOLE_WORDS, word);
  if (whole) return whole;
  if (unstemmed(word)) return word;
  let w = word;
  // Prefixes stack, with an infix or a said-twice syllable between them: maka-ka-boto,
  // nag-pa-rehistro, pag-pa-pa-rehistro, naka-ka-pag-parehistro, nag-me-message.
  for (let round = 0; round < ROUNDS; round++) {
    const v = VOWEL_PREFIX.exec(w);
    const p = v && rootOk(w.slice(v[1].length)) ? v[1] : PREFIXES.find((p) => prefixFits(w, p));
    const infix = w.replace(INFIX, '$1$3');
    const redup = w.replace(REDUPLICATION, '$1');
    const sounded = round > 0 && w !== word ? w.replace(SOUNDED_TWICE, '') : w;
    const next = p
      ? w.slice(p.length)
      : infix !== w && rootOk(infix)
        ? infix
        : redup !== w && rootOk(redup)
          ? redup
          : sounded !== w && rootFits(sounded)
            ? sounded
            : w;
    if (next === w) break;
    w = next;
  }
  // A causative pa- that made a word of its own stays: pakita (show) is not kita (see), padala
  // (send) not dala (bring).
  if (PA_WORDS.has(w) && word.includes(`pa${w}`)) return `pa${w}`;
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && rootOk(w.slice(0, -s.length))) {
      w = w.slice(0, -s.length).replace(RAISED_O, 'o$1');
      break;
    }
  }
  return w;
}

// Tagalog text-speak drops vowels ("b aq" = "ba ako", "cno" = "sino", "mgparehistro"); expanded,
// the particles count as the function words they are instead of unknown content words.
const SHORTHAND: Record<string, string> = {
  pano: 'paano', pde: 'pwede', pwde: 'pwede', puwede: 'pwede', pede: 'pwede', pwdi: 'pwede', lng: 'lang',
  nmn: 'naman', ung: 'yung', sna: 'sana', n: 'na', s: 'sa', k: 'ka', d2: 'dito', cno: 'sino', cnu: 'sino', sn: 'saan',
  san: 'saan', wla: 'wala', dpat: 'dapat', pra: 'para', kelan: 'kailan', kylan: 'kailan', bkt: 'bakit', ngaun: 'ngayon',
  nsa: 'nasa', tlga: 'talaga', kme: 'kami', aq: 'ako', q: 'ko', b: 'ba', ksi: 'kasi', cla: 'sila',
  // "mg vote", "hndi aq rehistrado", "sno iboboto": mg stands for mag (or mga; both are function words).
  mg: 'mag', nde: 'hindi', hnd: 'hindi', hndi: 'hindi', pno: 'paano', pnu: 'paano', bkit: 'bakit', kng: 'kung',
  sno: 'sino', ngyn: 'ngayon', bgo: 'bago', kse: 'kasi', nla: 'nila', kpg: 'kapag', yng: 'yung', dto: 'dito', tas: 'tapos',
  ...TAGALOG_TEXT_SPEAK,
};
// A Tagalog verb prefix typed without its vowel: "mgparehistro" (magparehistro), "mkaboto" (makaboto).
// Not "ng" before a vowel: that is the letter ng of native words (ngayon, ngayong), not a clipped nag.
const TAGALOG_PREFIX = /^(m|n|p)(g|k)(?=[bcdfghjklmnpqrstvwxyz]?[aeiou])/;
const NG_WORD = /^ng[aeiou]/;
const tagalogPrefix = (word: string) => (word.length > 4 && !NG_WORD.test(word) ? word.replace(TAGALOG_PREFIX, '$1a$2') : word);
// Tagalog's linker joins a word to the next: -ng after a vowel ("pwedeng bumoto", "walang ID",
// "pwede bang", "itong"), -g after n ("saang"). A particle with its linker is the function word it
// was; a content word keeps its linker (measured: looking content words up without it as well
// matched more wrongly than rightly), its whole form is indexed and prefix search meets the rest.
const linkerCuts = (word: string) => (word.length >= 4 && word.endsWith('ng') ? [word.slice(0, -2), word.slice(0, -1)] : []);
// Text-speak that stands for two words: "pwd" is "pwede" (may) as often as "PWD" (a person with a
// disability). Both readings are looked up, on the one word.
const TAGALOG_AMBIGUOUS: Record<string, string> = { pwd: 'pwede' };
const functionWord = (term: string): LatinReading => ({ kind: 'function', term });
// "o" / "or" before a negation: the positions of the negations that only ask "or not".
const OR = new Set(['o', 'or']);
const orNot = (words: readonly string[]) =>
  words.flatMap((w, at) => (at > 0 && OR.has(words[at - 1]) && own(TAGALOG_NEGATION, own(SHORTHAND, w) ?? w) === 'hindi' ? [at] : []));
// A negation before "pa" (yet) says "not yet": "hindi pa ako rehistrado", "wala pa akong rehistro"
// (how do I register), not "hindi ako sure kung rehistrado ako" (am I registered). One content term
// for the two words, at the negation's place ("pa" stays a function word); wala pa as hindi pa
// (measured: one term matched one more training line than two).
const expand = (w: string) => own(SHORTHAND, w) ?? w;
const notYet = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] => {
    const negation = own(TAGALOG_NEGATION, expand(w));
    return negation && at + 1 < words.length && expand(words[at + 1]) === 'pa' ? [[at, { kind: 'content', term: 'hindi pa' }]] : [];
  });
// "pa" (still) before the question particle asks whether there is still time or still a right:
// "pwede pa ba ako magparehistro", "may oras pa ba" (the deadline), not "paano magparehistro". After
// a negation "pa" is the "not yet" of hindi pa.
const stillAsked = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] =>
    expand(w) === 'pa' && at + 1 < words.length && expand(words[at + 1]) === 'ba' && !(at > 0 && own(TAGALOG_NEGATION, expand(words[at - 1])))
      ? [[at, { kind: 'content', term: 'pa ba' }]]
      : [],
  );

// "ano" (what) before the voted-on verb asks what is on the ballot: "ano ang iboboto", "ano ano
// yung pagbobotohan" (ballot_contents), where "sino ang iboboto ko" asks whom to choose (opinion);
// the two differ only in their question word, a function word. One content term, at "ano"'s place.
const WHAT = new Set(['ano', 'anong', 'anu', 'anung']);
const BETWEEN = new Set(['ano', 'anu', 'ang', 'ba', 'yung', 'mga', 'po', 'nga', 'ung', 'yong']);
const YOU = new Set(['mo', 'nyo', 'niyo', 'ninyo']);
const VOTED_ON = /^(?:i|pag)(?:bo)?boto(?:han)?$/;
const whatVoted = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] => {
    if (!WHAT.has(expand(w))) return [];
    let next = at + 1;
    while (next < words.length && next - at <= 3 && BETWEEN.has(expand(words[next]))) next++;
    // "ano ang iboboto mo" asks the line's own choice (opinion).
    const asksYours = next + 1 < words.length && YOU.has(expand(words[next + 1]));
    return next < words.length && VOTED_ON.test(words[next]) && !asksYours ? [[at, { kind: 'content', term: 'ano iboboto' }]] : [];
  });

// "oo o hindi" / "yes o no" (yes or no) asks how to vote on a measure (opinion), where the measure
// alone asks what it is (ballot_contents); its words are all function words. One content term, at
// "oo"'s place ("rehistrado ba ako o hindi" has no yes, and stays a yes-or-no question).
const YES = new Set(['oo', 'yes']);
const NO = new Set(['hindi', 'no', 'di']);
const yesOrNo = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] => {
    if (!YES.has(w)) return [];
    let next = at + 1;
    if (expand(words[next] ?? '') === 'ba') next++;
    if (!OR.has(words[next] ?? '')) return [];
    next++;
    if (expand(words[next] ?? '') === 'ba') next++;
    return NO.has(expand(words[next] ?? '')) ? [[at, { kind: 'content', term: 'oo o hindi' }]] : [];
  });

// A change verb before the polling place asks whether the polling place changed ("lumipat ba ang
// presinto ko", "nagpalit ba ng lugar ang botohan", "pinalitan ba yung polling place namin":
// polling_place), where the verb alone says the person moved ("lumipat ako", "nagpalit ako ng
// address": moved). One content term, at the verb's place; only an affixed verb ("bago ang
// botohan" is before the vote, "iba" other) and only function words, "lugar" (place) or
// "address" between.
const CHANGED = new Set(['lipat', 'palit', 'bago', 'iba']);
// The prefix written apart: "nag-bago", "nag iba".
const AFFIX_BEFORE = /^(?:nag|mag|na|ni|ini|pina|pinag)$/;
const POLLING_PLACE = new Set(['presinto', 'presinkto', 'precinct', 'botohan', 'pagbobotohan', 'polling', 'voting']);
const CHANGE_BETWEEN = new Set(['ba', 'ang', 'ng', 'yung', 'nila', 'na', 'po', 'lugar', 'mga', 'nyo', 'niyo', 'ninyo', 'kaya', 'address']);
const placeChanged = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] => {
    const verb = expand(w);
    const root = stemTagalog(verb);
    if (!CHANGED.has(root) || (root === verb && !(at > 0 && AFFIX_BEFORE.test(expand(words[at - 1]))))) return [];
    let next = at + 1;
    while (next < words.length && next - at <= 5 && CHANGE_BETWEEN.has(expand(words[next]))) next++;
    return next < words.length && POLLING_PLACE.has(expand(words[next])) ? [[at, { kind: 'content', term: 'lipat presinto' }]] : [];
  });

// A party named as what "kayo" (you, the line) is asks who the line is ("democrat ba kayo o
// republican", "republican ba kayo", "sa partido ba kayo": who_sends), where a party with "mo" /
// "nyo" asks the line's choice ("sinong partido ang sinusuportahan mo": opinion). One content
// term, at "kayo"'s place: the party, "ba", "po" or another party after "o" before it.
const PARTY = new Set(['democrat', 'democrats', 'demokrata', 'republican', 'republicans', 'republikano', 'partido', 'party']);
const THE_LINE = new Set(['kayo', 'kau', 'kyo']);
const PARTY_BETWEEN = new Set(['ba', 'po', 'o', 'or', ...PARTY]);
const BELONGING = new Set(['sali', 'kasali', 'sama', 'kasama', 'konektado', 'parte', 'miyembro', 'member', 'galing', 'kaanib']);
const PARTY_AFTER = new Set(['ba', 'po', 'sa', 'ng', 'isang', 'mga', 'ay', 'ang', 'yung']);
const partyAsked = (words: readonly string[]) =>
  words.flatMap((w, at): [number, LatinReading][] => {
    if (!THE_LINE.has(expand(w))) return [];
    let before = at - 1;
    while (before >= 0 && at - before <= 4 && PARTY_BETWEEN.has(expand(words[before])) && !PARTY.has(words[before])) before--;
    if (before >= 0 && PARTY.has(words[before])) return [[at, { kind: 'content', term: 'partido kayo' }]];
    // "kasali ba kayo sa democrat", "konektado ba kayo sa isang partido": a word of belonging
    // before "kayo" and the party after it ("pabor ba kayo sa democrat" asks an opinion).
    const belongs = [at - 1, at - 2].some((b) => b >= 0 && BELONGING.has(stemTagalog(expand(words[b]))));
    let after = at + 1;
    while (after < words.length && after - at <= 4 && PARTY_AFTER.has(expand(words[after]))) after++;
    return belongs && after < words.length && PARTY.has(words[after]) ? [[at, { kind: 'content', term: 'partido kayo' }]] : [];
  });

// Words that say a number next to them is an age: "kaka-18", "kakaturn 18", "magiging 18", "17
// years old", "16 anyos" (with the function words: "18 na ako", "ang 17", "sa 16").
const AGE_CUES = new Set(['kaka', 'maging', 'magiging', 'naging', 'turn', 'years', 'year', 'yrs', 'yr', 'yo', 'anyos', 'old', 'taon', 'taong', 'edad']);
// An age (16-18) is one only next to a function word or an age cue; else a number as others are
// ("zzz 18", "prop 17"): a light word, so a number with gibberish meets no age question.
const numbersNotAges = (words: readonly string[], functionWords: ReadonlySet<string>) => {
  const cue = (w: string | undefined) => {
    if (w === undefined) return false;
    const e = expand(w);
    return functionWords.has(e) || AGE_CUES.has(e) || e.endsWith('turn') || STANDALONE_AFFIX.test(e);
  };
  return words.flatMap((w, at): [number, LatinReading][] => {
    if (!TAGALOG_AGES.test(w)) return [];
    if (!cue(words[at - 1]) && !cue(words[at + 1])) return [[at, functionWord(w)]];
    const aspect = ageAspect(words[at - 1] === undefined ? '' : expand(words[at - 1]));
    return aspect ? [[at, { kind: 'content', term: `${aspect} ${w}` }]] : [];
  });
};
// The verb before an age says when it is reached: just now ("kaka-18 ko lang", "kakaturn 18",
// "nag-18 na ako": I can sign up) or yet to come ("magiging 18", "mag-18 ako bago ang eleksyon",
// "magtu-turn 18": can I vote then). Each its own term; an age without either is "edad".
const ageAspect = (before: string) =>
  before.startsWith('kaka') || before === 'nag' || before === 'naging' || before === 'turned'
    ? 'kaka'
    : before === 'mag' || before === 'maging' || before === 'magiging' || before === 'turn'
      ? 'mag'
      : undefined;

const TAGALOG_FUNCTION_WORDS = foldedWords(FUNCTION_WORDS.tl);

/** Tagalog's rules for the shared Latin loop. */
export const TAGALOG: LatinRules = {
  language: 'tl',
  shorthand: SHORTHAND,
  functionWords: TAGALOG_FUNCTION_WORDS,
  stem: stemTagalog,
  // A US state or city named in Tagalog says where, not what ("deadline sa california"): a
  // function word as typed, and "san" of "san diego" is no "saan" (where). Affixes written before
  // a hyphen ("nagpa-register") are function words of the message.
  // "o hindi" (or not) ends a yes-or-no question and "oo o hindi" is yes or no: no negation there,
  // a function word ("rehistrado ba ako o hindi" asks to check, as "hindi pa ako rehistrado" does not).
  // "hindi pa" is one term (not yet); an age is one only beside a word that says so.
  message(words, text) {
    const affixes = tagalogAffixParts(text);
    return {
      functionWords: affixes,
      fixed: new Map([
        ...numbersNotAges(words, new Set([...TAGALOG_FUNCTION_WORDS, ...affixes])),
        ...[...placeWords(words)].map((at): [number, LatinReading] => [at, functionWord(words[at])]),
        ...stillAsked(words),
        ...whatVoted(words),
        ...yesOrNo(words),
        ...placeChanged(words),
        ...partyAsked(words),
        ...notYet(words),
        ...orNot(words).map((at): [number, LatinReading] => [at, functionWord('hindi')]),
      ]),
    };
  },
  // A domain word with its linker ("takdang araw", "rehistradong botante") is the word.
  spell(raw) {
    const word = tagalogPrefix(raw);
    return own(LINKED_WORDS, word) ?? word;
  },
  word(word, { functionWords }) {
    const negation = own(TAGALOG_NEGATION, word);
    if (negation) return { kind: 'content', term: negation };
    if (functionWords.has(word)) return undefined;
    const particle = linkerCuts(word).find((c) => functionWords.has(c));
    if (particle) return functionWord(particle);
    if (STANDALONE_AFFIX.test(word) || TAGLISH_FUNCTION_WORDS.has(word)) return functionWord(word);
    // Numbers are function words, but the ages 16-18 ask something ("17 pa lang ako").
    // The term names the age ("edad 18"), so the same number read as a number ("zzz 18") does not meet it.
    if (TAGALOG_AGES.test(word)) return { kind: 'content', term: `edad ${word}` };
    return undefined;
  },
  alsoContent(word, stemmed, unit) {
    const terms: Term[] = [];
    // Affix stripping can cut too far: the whole word as well.
    if (stemmed !== word) terms.push(contentTerm(word, [unit]));
    const other = own(TAGALOG_AMBIGUOUS, word);
    if (other) terms.push(exactTerm(other, [unit], FUNCTION_WORD_WEIGHT));
    return terms;
  },
};
