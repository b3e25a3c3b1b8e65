/** English, Spanish and Tagalog: accents folded, light stemming, typo tolerance, function words light. */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { FUNCTION_WORDS } from './stopwords';
import { stemTagalog } from './tagalog';
import { LINKED_WORDS, placeWords, STANDALONE_AFFIX, TAGALOG_AGES, TAGLISH_FUNCTION_WORDS, TAGALOG_NEGATION, TAGALOG_TEXT_SPEAK, tagalogAffixParts } from './tl-taglish';
import { AnalysisBuilder, contentTerm, exactTerm, FUNCTION_WORD_WEIGHT, type Analyzer } from './term';
import { scriptRuns, stripMarks } from './text';

// Text-speak that changes what a word is ("u" = you, "2" = to): only the unambiguous ones.
const SHORTHAND: Record<string, Record<string, string>> = {
  en: {
    u: 'you', r: 'are', ur: 'your', '2': 'to', '4': 'for', b4: 'before', pls: 'please', plz: 'please', thx: 'thanks',
    wat: 'what', wut: 'what', wen: 'when', whn: 'when', whr: 'where', wher: 'where', hw: 'how', cn: 'can', ppl: 'people', ya: 'you',
    // US texting clippings of the domain's words: "reg 2 vote", "vote tmrw", "my addy changed",
    // "pic id", "elec day", "absentee reqs".
    reg: 'register', regd: 'registered', tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', '2morrow': 'tomorrow', '2day': 'today',
    tdy: 'today', addy: 'address', addr: 'address', apt: 'apartment', pic: 'photo', lic: 'license', docs: 'documents',
    elec: 'election', info: 'information', req: 'requirement', reqs: 'requirements', yr: 'year', nov: 'november', tues: 'tuesday',
    abt: 'about', bout: 'about', cuz: 'because', bc: 'because', bday: 'birthday', govt: 'government', prolly: 'probably',
    // Misspellings of the domain's short words, too short for a typo edit or a real word elsewhere:
    // "vot early", "pole place", "absentee ballet"; "ssn" and "dl" are written out.
    vot: 'vote', vte: 'vote', votin: 'voting', pole: 'poll', poles: 'polls', pollin: 'polling', ballet: 'ballot', ballets: 'ballots',
    ssn: 'social security number', dl: 'driver license', rn: 'now',
    // Texted and AAVE spellings of function words ("ion know where 2 vote at", "dat", "wit"), and
    // "hows" / "whens" / "whos", which the stemmer would make content words.
    ion: 'i dont', da: 'the', tha: 'the', dat: 'that', dis: 'this', dem: 'them', wit: 'with', ova: 'over', cus: 'because',
    gon: 'gonna', boutta: 'about', hows: 'how', whens: 'when', whos: 'who', wats: 'whats', wuts: 'whats',
    // Compounds typed as one word, split as the examples write them ("greencard", "noncitizen",
    // "dropbox", "mailin", "preregister"), and common misspellings of the domain's words: a typo
    // found through an edit explains its word only partly (inexactCredit), which pushes a short
    // question below the coverage an answer needs.
    greencard: 'green card', greencards: 'green cards', noncitizen: 'non citizen', noncitizens: 'non citizens',
    dropbox: 'drop box', dropboxes: 'drop boxes', mailin: 'mail in', preregister: 'pre register', preregistered: 'pre registered',
    regiser: 'register', regester: 'register', registar: 'register', registor: 'register', rigister: 'register', resgister: 'register',
    regsiter: 'register', registerd: 'registered', regesterd: 'registered', regestered: 'registered', registred: 'registered',
    registeration: 'registration', regestration: 'registration', registraton: 'registration', regristration: 'registration',
    electon: 'election', elction: 'election', eletion: 'election', elecion: 'election', elecction: 'election', electoin: 'election',
    balot: 'ballot', ballott: 'ballot', balott: 'ballot', ballto: 'ballot', absentie: 'absentee', absente: 'absentee',
    absantee: 'absentee', absentea: 'absentee', provisonal: 'provisional', provisinal: 'provisional', eligable: 'eligible',
    elegible: 'eligible', eligibile: 'eligible', eligibilty: 'eligibility', elegibility: 'eligibility', citzen: 'citizen',
    citizin: 'citizen', sitizen: 'citizen', citizenshp: 'citizenship', lisence: 'license', liscense: 'license', lisense: 'license',
    licence: 'license', adress: 'address', addres: 'address', volunter: 'volunteer', voluntier: 'volunteer', volenteer: 'volunteer',
    deadlin: 'deadline', dealine: 'deadline', dedline: 'deadline', voteing: 'voting', votting: 'voting', poling: 'polling',
    pollng: 'polling', polln: 'polling', org: 'organization', orgs: 'organizations', gov: 'government', bldg: 'building',
    disabilty: 'disability', dissability: 'disability', wheelchar: 'wheelchair', naturalised: 'naturalized',
  },
  es: { q: 'que', k: 'que', xq: 'porque', pq: 'porque', x: 'por', tb: 'tambien', d: 'de', dnd: 'donde', xa: 'para', toy: 'estoy' },
  // Tagalog text-speak drops vowels ("b aq" = "ba ako", "cno" = "sino", "mgparehistro"); expanded,
  // the particles count as the function words they are instead of unknown content words.
  tl: {
    pano: 'paano', pde: 'pwede', pwde: 'pwede', puwede: 'pwede', pede: 'pwede', pwdi: 'pwede', lng: 'lang',
    nmn: 'naman', ung: 'yung', sna: 'sana', n: 'na', s: 'sa', k: 'ka', d2: 'dito', cno: 'sino', cnu: 'sino', sn: 'saan',
    san: 'saan', wla: 'wala', dpat: 'dapat', pra: 'para', kelan: 'kailan', kylan: 'kailan', bkt: 'bakit', ngaun: 'ngayon',
    nsa: 'nasa', tlga: 'talaga', kme: 'kami', aq: 'ako', q: 'ko', b: 'ba', ksi: 'kasi', cla: 'sila',
    // "mg vote", "hndi aq rehistrado", "sno iboboto": mg stands for mag (or mga; both are function words).
    mg: 'mag', nde: 'hindi', hnd: 'hindi', hndi: 'hindi', pno: 'paano', pnu: 'paano', bkit: 'bakit', kng: 'kung',
    sno: 'sino', ngyn: 'ngayon', bgo: 'bago', kse: 'kasi', nla: 'nila', kpg: 'kapag', yng: 'yung', dto: 'dito', tas: 'tapos',
    ...TAGALOG_TEXT_SPEAK,
  },
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
// Spanish spelled by ear: b for v in the forms of votar ("botar por correo", "boto"), j for g in
// registro ("rejistro"). Only the forms a voter-help question uses (bota, a boot, stays).
const SPANISH_SPELLING: [RegExp, string][] = [
  [/^bot(ar|o|e|es|en|an|as|amos|ando|ado|ada|aste|aron|ara|are|ante|antes|acion|aciones)$/, 'vot$1'],
  [/^rejistr/, 'registr'],
];
const spanishSpelling = (word: string) => SPANISH_SPELLING.reduce((w, [from, to]) => w.replace(from, to), word);

const STEMMERS: Record<string, (word: string) => string> = {
  en: stemEnglish,
  // Snowball Spanish expects accents ("-ación"); words are folded first so that a question typed
  // without accents meets the same stem as one typed with them, and prefix search joins the rest.
  es: stemSpanish,
  tl: stemTagalog,
};

/** The words of a Latin-script text, folded (lower case, no accents), apostrophes dropped. */
export function latinWords(text: string): string[] {
  return scriptRuns(text)
    .filter((r) => r.script === 'latin')
    .map((r) => stripMarks(r.text));
}

/**
 * Adds the terms of Latin-script words in one of en, es, tl to an analysis, one unit a word (also
 * used for English words inside other scripts).
 */
export function addLatinWords(b: AnalysisBuilder, language: 'en' | 'es' | 'tl', words: string[], affixes?: Set<string>): void {
  const shorthand = SHORTHAND[language];
  const functionWords = affixes?.size ? new Set([...FUNCTION_SETS[language], ...affixes]) : FUNCTION_SETS[language];
  const stem = STEMMERS[language];
  // A US state or city named in Tagalog says where, not what ("deadline sa california"): a
  // function word, and "san" of "san diego" is no "saan" (where).
  const places = language === 'tl' ? placeWords(words) : undefined;
  for (const [at, typed] of words.entries()) for (const raw of places?.has(at) ? [typed] : shorthand[typed]?.split(' ') ?? [typed]) {
    // A domain word with its linker ("takdang araw", "rehistradong botante") is the word.
    const tl = language === 'tl' ? tagalogPrefix(raw) : raw;
    const word = language === 'tl' ? LINKED_WORDS[tl] ?? tl : language === 'es' ? spanishSpelling(raw) : raw;
    const negation = language === 'tl' ? TAGALOG_NEGATION[word] : undefined;
    if (negation) {
      b.terms.push(contentTerm(negation, [b.unit(1)]));
      continue;
    }
    const particle = language === 'tl' && !functionWords.has(word) ? linkerCuts(word).find((c) => functionWords.has(c)) : undefined;
    if (functionWords.has(word) || particle || places?.has(at) || (language === 'tl' && (STANDALONE_AFFIX.test(word) || TAGLISH_FUNCTION_WORDS.has(word)))) {
      const w = particle ?? word;
      b.terms.push(exactTerm(w, [b.unit(FUNCTION_WORD_WEIGHT)], FUNCTION_WORD_WEIGHT));
      continue;
    }
    // A number alone says little about a topic ("8" is in "do polls close at 8", and in "zzz 8"):
    // it counts as a function word does, matched exactly. In Tagalog, the ages 16-18 ask something.
    if (/^\d+$/.test(word) && !(language === 'tl' && TAGALOG_AGES.test(word))) {
      b.terms.push(exactTerm(word, [b.unit(FUNCTION_WORD_WEIGHT)], FUNCTION_WORD_WEIGHT));
      continue;
    }
    const unit = b.unit(1);
    const stemmed = stem(word);
    b.terms.push(contentTerm(stemmed, [unit]));
    // Tagalog affix stripping can cut too far: keep the whole word as well.
    if (language === 'tl' && stemmed !== word) b.terms.push(contentTerm(word, [unit]));
    const other = language === 'tl' ? TAGALOG_AMBIGUOUS[word] : undefined;
    if (other) b.terms.push(exactTerm(other, [unit], FUNCTION_WORD_WEIGHT));
  }
}

const FUNCTION_SETS: Record<string, Set<string>> = Object.fromEntries(
  ['en', 'es', 'tl'].map((l) => [l, new Set(FUNCTION_WORDS[l].map(stripMarks))]),
);

// "I.D." (and "i. d."): its letters would be two function words.
const DOTTED_ID = /\bi\.\s?d\b\.?/gi;

/** The analyzer of a Latin-alphabet language. */
export function latinAnalyzer(language: 'en' | 'es' | 'tl'): Analyzer {
  return {
    language,
    analyze(text) {
      const b = new AnalysisBuilder();
      addLatinWords(b, language, latinWords(language === 'en' ? text.replace(DOTTED_ID, 'id') : text), language === 'tl' ? tagalogAffixParts(text) : undefined);
      return b.build();
    },
  };
}
