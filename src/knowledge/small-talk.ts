/**
 * Small talk that shares words with voting questions: a message about the assistant itself (its
 * name, its age, where it lives) or about the bare calendar (what day, date, year or time it is
 * now), with no word of what the line answers (vote, ballot, election, register, poll...).
 * "what day is it" and "tienes nombre" share their words with the deadlines, election-day and
 * registration examples ("what day is the election", "nombre en el registro"), and the retrieval
 * alone ranks one of those first; these rules say that the message is the out-of-scope topic's
 * (`kind: none`), so that the decision gives the honest fallback.
 *
 * Pure: the text and the language in, a yes or no out. The rules of a language and English's
 * (people code-switch: "como te llamas, whats ur name") both apply, and the voting words of both
 * rule a message out.
 */
import { foldCompat, stripMarks } from './analyze/text';

/** One language's rules, on the folded message (see fold). */
interface SmallTalkRules {
  /** The assistant itself or the calendar. */
  cues: RegExp[];
  /** A word of what the line answers: with one, the message is a voting question, whatever its cue. */
  voting: RegExp;
}

// Calendar cues end the message (a tail such as "today", "now" aside): "what time is it" is small
// talk, "what time is it open till" is a polling-hours question without a voting word.
const RULES: Record<string, SmallTalkRules> = {
  en: {
    cues: [
      /\b(what|wat|wht)s? (is )?(your|ur|yo|you) (name|age)\b/,
      /\b(do|got) (you|u) (have|got )?a name\b/,
      /\bwhat (should|do|can) i call (you|u)\b/,
      /\bhow old (are|r) (you|u)\b/,
      /\bwhere (do|d) (you|u) live\b/,
      /\bare (you|u) (married|single)\b/,
      /\bhow(s| is| was) (your|ur) (day|night|morning|weekend)( going| been)?\b/,
      /\b(your|ur) (birthday|favorite|favourite)\b/,
      /^(hey |hi |so |and |yo )*how (are|r) (you|u)( doing| today)?$/,
      /^(hey |hi |so |and |yo )*(what|wat|wht)s? (is )?(the )?(day|date|year|month|time)( is it| is today)?( today| now| rn| right now| tho| in [a-z]+( [a-z]+)?)?$/,
      /^(hey |hi |so |and |yo )*(what|wat|wht) (day|date|year|month|time) is it( today| now| rn| right now| tho| in [a-z]+( [a-z]+)?)?$/,
      /^(hey |hi |so |and |yo )*(what|wat|wht) year (is it|are we in|is this)( now| rn)?$/,
      /^(hey |hi |so |and |yo )*(whats |what is )?(todays date|the date today|current time|current date)$/,
      /^is (it|today) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)( today)?$/,
      /^(hey |hi |so |and |yo )*(whats|what is) today$/,
      /^(the )?time (please|pls|plz)$/,
      /^(hey |hi |so |yo )*where (are|r) (you|u)( at| rn| right now)?$/,
    ],
    voting:
      /\b(vot\w*|ballot\w*|elect\w*|regist\w*|poll\w*|precinct\w*|absentee|primar\w*|caucus\w*|deadline\w*|id|ids|candidat\w*|part(y|ies)|citizen\w*|felon\w*|mail\w*|early|booth|counted|sample|measure\w*|proposition|prop|voter\w*)\b/,
  },
  es: {
    cues: [
      /\b(como|cmo) te (llamas|dicen|llaman|digo)\b/,
      /\b(cual|q|que) es tu nombre\b/,
      /\b(tienes|tenes|tiene usted) (un )?nombre\b/,
      /\b(dime|decime) tu nombre\b/,
      /\btu nombre\b/,
      /\bcomo se llama (usted)?$/,
      /\b(cuantos|cuentos) (anos|anios|anyos) (tienes|tenes|tiene usted)\b/,
      /\b(que|q) edad (tienes|tenes|tiene usted)\b/,
      /\bdonde vives\b/,
      /\b(estas|eres) (casado|casada|soltero|soltera)\b/,
      /\btienes (novia|novio)\b/,
      /\btu (color|comida|pelicula|cancion) favorit[oa]\b/,
      /^(oye |hola |y )*(como estas|que tal|que haces)( tu| hoy)?$/,
      /(^|[^a-z])(?<!(a|hasta|desde|para|de) )(que|q|ke) (dia|fecha|hora|ano|mes) (es|son|estamos|tenemos|vamos)( hoy| ahorita| ahora| manana)?$/,
      /\ben (que|q|ke) (ano|mes) (estamos|vamos)$/,
      /^(oye )?(que|q|ke) (dia|fecha) (es )?(hoy|manana)$/,
      /^(y |oye )?(hoy|ahorita) (que|q|ke) (dia|fecha) es$/,
      /^(a )?cuanto estamos hoy$/,
      /\b(cual|q|que) es tu edad\b/,
      /^(oye )?(que|q|ke) hora tienes$/,
      /\bme (das|dices|da|dice) la hora\b/,
      /^(hoy|manana) es (lunes|martes|miercoles|jueves|viernes|sabado|domingo)$/,
    ],
    voting:
      /\b(vot\w*|boleta\w*|balota\w*|elecci\w*|elector\w*|regist\w*|inscri\w*|empadron\w*|casilla\w*|urna\w*|sufrag\w*|ausente|correo|plazo\w*|fecha limite|identificacion|id|candidat\w*|partido\w*|ciudadan\w*|delito\w*|felon\w*|centro de votacion|muestra|primaria\w*)\b/,
  },
  tl: {
    cues: [
      /\b(ano|anu|anong|ano ang|ano ung|ano yung) (pangalan|name) (mo|nyo|ninyo|niyo)\b/,
      /\bpangalan (mo|nyo|ninyo|niyo)\b/,
      /\b(ilang|ilan) (taon|taong gulang)( ka| kana| ka na| na ka| ka ba| kana ba)\b/,
      /\b(taga saan|tagasaan) ka\b/,
      /\bsaan (ka|kayo) (nakatira|nakatera|taga|nakatir)\b/,
      /\bmay (asawa|jowa) (ka|kana|ka na)\b/,
      /\b(anong|ano|anu) (itatawag|itawag|tawag) (ko|namin|ko ba) (sayo|sa iyo|syo|sau|sainyo|sa inyo)\b/,
      /^(hi |hello |uy |oi )*(kamusta|kumusta|musta) (ka|kayo|po)( po)?$/,
      /^(uy |oi )?(anong|anung|ano ang|anu ang|ano) (araw|petsa|oras|taon|buwan)( na| ba| na ba)? ?(ngayon|ngaun|ngyon|ngayong araw|today|now)?( po)?$/,
      /^(uy |oi )?(anong|anung|ano) (oras|araw|petsa|taon) na( po| ba)?$/,
      /^(uy |oi )?(lunes|martes|miyerkules|huwebes|biyernes|sabado|linggo) (ba|na ba) (ngayon|ngaun)( po)?$/,
    ],
    voting:
      /(bo+to|vot|balota|ballot|halal|eleks|elec|rehist|regist|parehis|presin|precinct|poll|absentee|mail|koreo|deadline|huling araw|kandidat|candidat|partido|party|citizen|mamamayan|felon|gobyerno|\bid\b)/,
  },
  vi: {
    cues: [
      /\b(ban|em|anh|chi|may|bot|co|chu) (ten|ten la) (gi|j|chi)\b/,
      /\bten (ban|em|anh|chi|may|cua ban) (la )?(gi|j)\b/,
      /\b(ban|em|anh|chi|may|bot|co|chu) (bao nhieu|may|nhieu) tuoi\b/,
      /\b(ban|em|anh|chi|may) (song|o|nha) (o )?dau\b/,
      /^(ban|em|bot|chatbot) (co )?ten (khong|ko|k|hong|chua)( vay| the| ha)?$/,
      /\b(ban|em|anh|chi) (co )?(vo|chong|gia dinh) (chua|khong|ko)\b/,
      /^(chao ban |ban )?(khoe|khoe khong|khoe ko|co khoe khong)$/,
      /(^|\b)hom nay (la )?(ngay|thu) (may|bao nhieu|gi|j)( vay| the| roi| ha)?$/,
      /(^|\b)(bay gio|gio|bgio|bh|bay h) (la )?may (gio|h)( roi)?( vay| the| ha)?$/,
      /^may (gio|h) roi( vay| the| ha)?$/,
      /(^|\b)nam nay (la )?nam (may|bao nhieu|gi|j)( vay| the| ha)?$/,
      /(^|\b)hom nay (la )?ngay (may|bao nhieu) thang (may|bao nhieu)( vay| the| ha)?$/,
    ],
    voting:
      /(phieu|bau|cu tri|dang ky|dang ki|ghi danh|tuyen cu|ung cu|ung vien|dang phai|giay to|can cuoc|cong dan|tien an|han chot|gui thu|qua thu|buu dien|phong phieu|hom phieu|vote|ballot|elect|regist|poll)/,
  },
  zh: {
    cues: [
      /[你妳您](叫|叫做)?[什甚][么麼麽]名字/,
      /[你妳您]叫[什甚][么麼麽]/,
      /[你妳您]的名字/,
      /[你妳您]有名字/,
      /怎[么麼]称呼[你妳您]|怎[么麼]稱呼[你妳您]|[你妳您]怎[么麼]称呼|[你妳您]怎[么麼]稱呼/,
      /[你妳您](今年)?(几|幾)[岁歲]|[你妳您](今年)?多大|[你妳您](今年)?多少[岁歲]|[你妳您]的年[龄齡]/,
      /[你妳您]住(在)?(哪|那)/,
      /[你妳您](结|結)婚了/,
      /^(今天|今日)(是)?(几|幾|哪)(号|號|日|天)/,
      /^(今天|今日)(是)?(星期|礼拜|禮拜|周|週)(几|幾)/,
      /^(今天|今日)(是|係)?(不是|唔係|係咪|是不是)?(星期|礼拜|禮拜|周|週)[一二三四五六日天](吗|嗎|呀|啊|吧|嘛|麼)?[?？]?$/,
      /^(今天|今日)(是)?(几|幾)月(几|幾)(号|號|日)/,
      /^(今天|今日)(是)?[什甚][么麼麽]日子/,
      /^(今天|今日)(是)?[什甚][么麼麽]日期/,
      /^(今天|今日)的?日期(是)?(多少|什[么麼])/,
      /^(今年|现在|現在)(是)?(哪|几|幾|那)(一)?年/,
      /^(现在|現在)?(是)?(几|幾)点(了|钟|鐘)?(呀|啊|吗|嗎)?[?？]?$/,
      /^(现在|現在)(是)?(几|幾)點(了|鐘)?/,
      /^(现在|現在)(是)?[什甚][么麼麽]时[间間]|^(现在|現在)(是)?[什甚][么麼麽]時間/,
    ],
    voting: /(投票|选|選|登记|登記|注册|註冊|票|投|邮寄|郵寄|身份|证件|證件|截止|期限|公民|重罪|候选|候選|政党|政黨)/,
  },
  ko: {
    cues: [
      /(너|넌|니|당신|님|봇|챗봇|너의|네)\s*(이름|몇\s*살|나이)/,
      /이름\s*(이|은)?\s*(뭐|무엇|뭔)/,
      /(뭐라고|어떻게)\s*(불러|부르면)/,
      /몇\s*살\s*(이야|이에요|이세요|예요|임|이냐|이니|이심)/,
      /나이\s*(가|는)?\s*(어떻게\s*(되세요|돼요|되요|되나요|돼|되니)|몇\s*(이야|이에요|이세요|예요|임|이냐))/,
      /(어디|어디에)\s*(살아|사세요|살아요|사니|살고)/,
      /(결혼|애인|여친|남친)\s*(했|있)/,
      /^(오늘|내일)\s*(이|은)?\s*(며칠|몇\s*일|무슨\s*요일|몇\s*월\s*몇\s*일)/,
      /^오늘\s*날짜/,
      /^(지금)?\s*몇\s*시\s*(야|예요|에요|인가요|임|냐|니|지|죠)?\s*\??$/,
      /^지금\s*몇\s*시/,
      /^(올해|지금|금년)\s*(가|는|이|은)?\s*몇\s*(년|년도)/,
      /^몇\s*(년|년도)\s*(이야|예요|이에요|인가요|임|지)/,
      /^(오늘|내일)\s*(월|화|수|목|금|토|일)요일\s*(이야|이에요|인가요|맞아|임)/,
    ],
    voting: /(투표|선거|유권자|등록|등재|기표|개표|사전|우편|부재자|신분증|마감|후보|정당|시민권|중범죄|전과|선관위|vote|ballot|elect|regist|poll)/,
  },
  ar: {
    cues: [
      /(ما|شو|ايش|اش|وش|شنو|واش)\s*(هو\s*)?اسمك/,
      /اسمك\s*(ايه|ايش|شو|اي|وش|شنو)/,
      /(هل\s*)?(عندك|لديك|الك|لك)\s*اسم/,
      /(كم|قديش|قداش|اديش)\s*عمرك|عمرك\s*(كم|قديش|اديش)/,
      /(اين|وين|فين|فين)\s*(تسكن|تعيش|ساكن|ساكنه|عايش)/,
      /(هل\s*)?(انت|انتي)\s*(متزوج|متزوجه)/,
      /^(مرحبا\s*)?(كيف\s*حالك|كيفك|شلونك|ازيك|ايش\s*اخبارك|كيف\s*الحال)$/,
      /^(كيف|شلون|ازاي)\s*(كان\s*)?يومك$/,
      /^(احنا|نحن)?\s*(في|ب)?\s*(اي|باي|فاي|ايش|شو)\s*سنه\s*(احنا|نحن)?$/,
      /^(ما|شو|ايش|اش|وش|كم)\s*(هو\s*)?(تاريخ|التاريخ)\s*(اليوم|النهارده|اليوم\s*كم)?$/,
      /^(اي|ايش|شو|ما|وش)\s*(هو\s*)?(يوم|اليوم)\s*(اليوم|النهارده)?$/,
      /^(اليوم|النهارده)\s*(كم|ايش|شو|ايه|وش)(\s*التاريخ)?$/,
      /^(كم\s*الساعه|الساعه\s*كم)\s*(الان|هلا|هلق|هلأ|دلوقتي|الحين|توا|هسه)?$/,
      /^(ايش|شو|وش)\s*الساعه\s*(الان|هلا|هلق|الحين)?$/,
      /^(الساعه\s*كام|كام\s*الساعه)\s*(دلوقتي|الان)?$/,
      /^(في\s*)?(اي|ايش|شو|ما|وش)\s*(هي\s*)?(سنه|السنه)\s*(نحن|احنا|الحين|الان)?$/,
      /^(هل\s*)?(اليوم|النهارده)\s*(الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد)$/,
      /\b(esmak|ismak|ismek|3omrak|3mrak)\b/,
    ],
    voting: /(صوت|نتخب|ناخب|اقتراع|سجل|تسجيل|قيد|بطاق|هوي|بريد|مرشح|حزب|جنسي|جنايه|مهله|موعد\s*نهائي|vote|ballot|elect|regist|poll|taswit|intikhab|entekhab)/,
  },
};

/** The longest small talk these rules read, in words (Han and Hangul: characters): longer messages ask something else too. */
const MAX_WORDS = 8;
const MAX_CHARACTERS = 14;

/** The message folded for the rules: compatibility forms, lower case, no apostrophes or punctuation, no accents but Vietnamese's and Arabic's letters. */
function fold(text: string): string {
  const folded = stripMarks(foldCompat(text))
    .replace(/['\u2018\u2019\u02BC`´]/g, '')
    // Arabic: the variants of alef, ta marbuta and alef maqsura as one letter each.
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[^\p{L}\p{N}?？\s]/gu, ' ');
  return folded.replace(/[?？]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether the message is small talk about the assistant or the calendar, with no word of what the line answers. */
export function isSmallTalk(text: string, language: string): boolean {
  const message = fold(text);
  if (!message) return false;
  const words = message.split(' ').length;
  const characters = message.replace(/\s/g, '').length;
  const cjk = /[\p{Script=Han}\p{Script=Hangul}]/u.test(message);
  if (words > MAX_WORDS || (cjk && characters > MAX_CHARACTERS)) return false;
  const rules = [RULES[language], RULES.en].filter((r): r is SmallTalkRules => !!r);
  if (rules.some((r) => r.voting.test(message))) return false;
  return rules.some((r) => r.cues.some((cue) => cue.test(message)));
}
