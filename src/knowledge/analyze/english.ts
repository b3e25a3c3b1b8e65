/** English as the shared Latin loop reads it: Snowball stemming, US texting's shorthand, "I.D.". */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { foldedWords, type LatinRules } from './latin';
import { FUNCTION_WORDS } from './stopwords';

// Text-speak that changes what a word is ("u" = you, "2" = to): only the unambiguous ones.
const SHORTHAND: Record<string, string> = {
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
};

// "I.D." (and "i. d."): its letters would be two function words.
const DOTTED_ID = /\bi\.\s?d\b\.?/gi;

/** English's rules for the shared Latin loop (also used for English words inside other scripts). */
export const ENGLISH: LatinRules = {
  language: 'en',
  shorthand: SHORTHAND,
  functionWords: foldedWords(FUNCTION_WORDS.en),
  stem: stemEnglish,
  text: (text) => text.replace(DOTTED_ID, 'id'),
};
