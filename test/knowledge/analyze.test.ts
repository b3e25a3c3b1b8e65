/** Per-language analysis: what a message becomes before it is looked up (table tests). */
import { analyzerFor } from '../../src/knowledge/analyze';
import { arabicForms, normalizeArabic } from '../../src/knowledge/analyze/arabic';
import { foldChinese } from '../../src/knowledge/analyze/chinese';
import { koreanForKonglish, koreanSlip, koreanVerbRoot, stripKoreanEndings } from '../../src/knowledge/analyze/korean';
import { stemTagalog } from '../../src/knowledge/analyze/tagalog';
import { readInputLeftovers } from '../../src/knowledge/analyze/vietnamese-input';
import { FUNCTION_WORD_WEIGHT } from '../../src/knowledge/analyze/term';

const terms = (language: string, text: string) => analyzerFor(language).analyze(text).terms.map((t) => t.term);
/** True when two messages share every content term of the first (what matching relies on). */
const meets = (language: string, a: string, b: string) => {
  const other = new Set(terms(language, b));
  return analyzerFor(language)
    .analyze(a)
    .terms.filter((t) => t.weight === 1)
    .some((t) => other.has(t.term));
};

describe('Latin-alphabet languages (en, es, tl)', () => {
  test.each([
    ['en', "What's the DEADLINE?", ['whats', 'the', 'deadlin']],
    ['en', 'how do u register 2 vote', ['how', 'do', 'you', 'regist', 'to', 'vote']],
    ['en', 'Ｒｅｇｉｓｔｅｒ', ['regist']],
    ['es', '¿Dónde voto?', ['dond', 'vot']],
    ['es', 'donde voto', ['dond', 'vot']],
    ['es', 'IDENTIFICACIÓN', ['identificacion']],
    ['tl', 'pwede ba akong bumoto', ['pwede', 'ba', 'akong', 'boto', 'bumoto']],
  ])('%s %s', (language, text, expected) => {
    expect(terms(language, text)).toEqual(expected);
  });

  test('a number counts as a function word does, matched exactly', () => {
    const weights = Object.fromEntries(analyzerFor('en').analyze('do polls close at 8').terms.map((t) => [t.term, t.weight]));
    expect(weights['8']).toBe(FUNCTION_WORD_WEIGHT);
    expect(analyzerFor('en').analyze('zzz 8').terms.find((t) => t.term === '8')).toMatchObject({ weight: FUNCTION_WORD_WEIGHT, fuzzy: 0, prefix: false });
  });

  test('accents and case never matter', () => {
    expect(terms('es', 'Votación en línea')).toEqual(terms('es', 'votacion en LINEA'));
  });

  test('function words count little, so "how do I" does not decide', () => {
    const weights = Object.fromEntries(analyzerFor('en').analyze('how do I vote').terms.map((t) => [t.term, t.weight]));
    expect(weights).toEqual({ how: FUNCTION_WORD_WEIGHT, do: FUNCTION_WORD_WEIGHT, i: FUNCTION_WORD_WEIGHT, vote: 1 });
  });

  test.each([
    ['tl', 'anu po ung kailangan ko', ['anu', 'po', 'yung', 'ko']],
    ['vi', 'bn ơi mk cần gì nha', ['bn', 'oi', 'mk', 'nha']],
    ['es', 'q necesito pa votar', ['pa']],
  ])('%s text-speak function words count little: %s', (language, text, light) => {
    const weights = Object.fromEntries(analyzerFor(language).analyze(text).terms.map((t) => [t.term, t.weight]));
    for (const word of light) expect({ word, weight: weights[word] }).toEqual({ word, weight: FUNCTION_WORD_WEIGHT });
  });

  test.each([
    ['can i vote with a greencard', 'green card holder'],
    ['can noncitizens vote', 'non citizens'],
    ['wheres the ballot dropbox', 'drop box'],
    ['am i registerd', 'registered'],
    ['electon day', 'election'],
    ['absentie balot', 'absentee ballot'],
    ['which org is this', 'organization'],
    ['pollng place', 'polling place'],
  ])('English compounds and misspellings of the domain\'s words meet the word exactly: %s', (typed, written) => {
    const exact = new Set(terms('en', written));
    expect(analyzerFor('en').analyze(typed).terms.filter((t) => t.weight === 1 && exact.has(t.term)).length).toBeGreaterThan(0);
  });

  test('typos are looked up with edits allowed by word length', () => {
    const fuzzy = Object.fromEntries(analyzerFor('en').analyze('registration ballot id').terms.map((t) => [t.term, t.fuzzy]));
    expect(fuzzy).toEqual({ registr: 1, ballot: 1, id: 0 });
  });

  test.each([
    ['bumoto', 'boto'], ['boboto', 'boto'], ['makaboto', 'boto'], ['pagboto', 'boto'], ['botohan', 'boto'],
    ['nakarehistro', 'rehistro'], ['magparehistro', 'rehistro'], ['lumipat', 'lipat'], ['nilipat', 'lipat'], ['lilipat', 'lipat'],
    ['balota', 'balota'],
    // A question word is whole (kailan "when" is not ka- + ilan "how many"); so are everyday words
    // that only look affixed (panahon is not pa- + "nahon", pangalan not pa- + "ngal"), and maging
    // (become) in every aspect meets at maging, not "ging".
    ['kailan', 'kailan'], ['pangalan', 'pangalan'], ['panahon', 'panahon'], ['pangulo', 'pangulo'], ['magulang', 'magulang'],
    ['maging', 'maging'], ['magiging', 'maging'], ['naging', 'maging'],
    // English -man after a consonant is not cut at -an ("congressm").
    ['congressman', 'congressman'], ['chairman', 'chairman'], ['halalan', 'halal'],
    // Prefixes stack with a syllable said twice between them; English roots take them too.
    ['pagpaparehistro', 'rehistro'], ['nakakapagparehistro', 'rehistro'], ['makakaboto', 'boto'], ['iboboto', 'boto'],
    ['nagreregister', 'register'], ['ichecheck', 'check'], ['nagvovote', 'vote'],
    // A root begins as a syllable does (kandidato is not ka- + "ndidato"); an unbroken mag- before
    // a vowel is ma- before a root in g (maganda = ma + ganda).
    ['kandidato', 'kandidato'], ['partido', 'partido'], ['maganda', 'ganda'], ['magaling', 'galing'],
    // Before a vowel -in- and -um- are prefixes (in-alis, um-attend); in- before a consonant is the word's.
    ['inalis', 'alis'], ['inupdate', 'update'], ['umattend', 'attend'], ['iniisip', 'isip'], ['inform', 'inform'], ['umaga', 'umaga'],
    // An English root's first syllable said twice as it sounds, after an affix; sh/ch take an infix as one.
    // A causative pa- that made a word of its own stays (pakita, show; padala, send).
    ['ipapakita', 'pakita'], ['pinapadala', 'padala'], ['makikita', 'kita'],
    ['nagshishare', 'share'], ['magpiprint', 'print'], ['shinishare', 'share'], ['chinecheck', 'check'], ['lalaki', 'laki'],
    // English words in Taglish are not cut: "papers" is no pa- + "pers", "parents" no pa- + "rents".
    // taga- / tagapag- make a doer: tagapagsalin and tagasalin (translator) meet at salin.
    // pa- is cut only when the root keeps four letters without its suffix: palitan is palit + -an
    // (not pa- + "litan"), pinapayagan payag (not "yagan"); parehistro still rehistro.
    ['palitan', 'palit'], ['pinalitan', 'palit'], ['nagpalit', 'palit'], ['pinapayagan', 'payag'], ['payagan', 'payag'],
    ['parehistro', 'rehistro'], ['pabotohan', 'boto'],
    // A root's last o said u before a suffix is the o again: kulungan kulong, sagutan sagot.
    ['kulungan', 'kulong'], ['nakakulong', 'kulong'], ['sagutan', 'sagot'], ['ayusin', 'ayos'], ['nakalimutan', 'limot'], ['bukas', 'bukas'],
    ['tagapagsalin', 'salin'], ['tagasalin', 'salin'], ['tagalog', 'tagalog'],
    // mang- / pang- as the root's first consonant sounds: nan- before l, d, s, t, mam- before b, p,
    // mang- before h; before a vowel n and m are the root's (nanalo = na + nalo).
    ['nanloloko', 'loko'], ['manloloko', 'loko'], ['mamboboto', 'boto'], ['pambansa', 'bansa'], ['nanghihingi', 'hingi'],
    ['nanalo', 'nalo'], ['nanay', 'nanay'],
    ['papers', 'papers'], ['parents', 'parents'], ['naturalized', 'naturalized'], ['republican', 'republican'], ['manila', 'manila'],
  ])('Tagalog %s -> %s', (word, root) => {
    expect(stemTagalog(word)).toBe(root);
  });
});

describe('Vietnamese', () => {
  test('with and without tone marks meet on every syllable and pair', () => {
    const toned = new Set(terms('vi', 'có thể bỏ phiếu qua thư không'));
    for (const t of terms('vi', 'co the bo phieu qua thu khong')) expect(toned).toContain(t);
  });

  test('pairs of syllables carry the meaning', () => {
    expect(terms('vi', 'bỏ phiếu')).toEqual(expect.arrayContaining(['bo', 'bỏ', 'phieu', 'phiếu', 'bophieu', 'bỏphiếu']));
    expect(terms('vi', 'Đăng ký')).toEqual(expect.arrayContaining(['dang', 'ky', 'dangky', 'đăngký']));
  });

  test.each([
    // Telex keys typed on a keyboard not switched to Vietnamese: dd aa aw ow uw, tone keys s f r x j.
    ['ddawng kys baauf cuwr', ['dang', 'ky', 'bau', 'cu']],
    ['nguwowif dduwowcj', ['nguoi', 'duoc']],
    // A tone key alone is read only once the message shows Telex: "kys" could be anything.
    ['dang kys', ['dang', 'kys']],
    // VNI: digits after the letters.
    ['d9ang ky1 ba62u cu73', ['dang', 'ky', 'bau', 'cu']],
    // English words are not syllables, before or after: they stay.
    ['how to vote, poll book votes is been', ['how', 'to', 'vote', 'poll', 'book', 'votes', 'is', 'been']],
  ])('input-method leftovers are read back: %s', (typed, bare) => {
    expect(readInputLeftovers(typed.replace(/,/g, '').split(' '))).toEqual(bare);
  });
});

describe('Arabic', () => {
  test.each([
    ['أَيْنَ أُدْلِي بِصَوْتِي', 'اين ادلي بصوتي'], // tashkeel removed, hamza forms folded
    ['بطاقة', 'بطاقه'], // ta marbuta
    ['على', 'علي'], // alef maqsura
    ['مســـؤول', 'مسوول'], // tatweel, waw with hamza
    ['ظهري', 'ضهري'], // ظ written ض, as the dialects say it
    ['نموذج', 'نموزج'], // ذ written ز, as Egyptian and Levantine say it
    ['ثاني', 'تاني'], // ث written ت
    ['ﻣﺮﺣﺒﺎ', 'مرحبا'], // presentation forms (NFKC)
  ])('%s -> %s', (text, expected) => {
    expect(analyzerFor('ar').analyze(text).terms.filter((t, i, all) => all.findIndex((x) => x.units[0] === t.units[0]) === i).map((t) => t.term).join(' ')).toBe(expected);
  });

  test.each([
    ['للتصويت', 'تصويت'], ['والتصويت', 'تصويت'], ['بالبريد', 'بريد'], ['الانتخابات', 'انتخاب'], ['هويتي', 'هوي'], ['هوية', 'هوي'],
    ['عنواني', 'عنوان'], ['العنوان', 'عنوان'], ['ولايتي', 'ولاي'], ['الولاية', 'ولاي'], ['يصوت', 'صوت'], ['أصوت', 'صوت'],
    // ت before a pronoun is a feminine ة; before ون/ين it is the root's.
    ['يصوتون', 'صوت'], ['يصوتون', 'يصوت'], ['مؤقتين', 'موقت'],
    // Relative adjectives meet their nouns; every form of eligibility meets the others.
    ['الانتخابية', 'انتخاب'], ['الانتخابي', 'انتخاب'], ['الأهلية', 'اهلي'], ['أهلية', 'اهلي'], ['أهليتي', 'اهلي'],
    // Dialect verb endings and tenses: register me, they deleted me, delete (pl.), I register, I will vote.
    ['سجلني', 'سجل'], ['حذفوني', 'حذف'], ['امسحوا', 'مسح'], ['بسجل', 'سجل'], ['هصوت', 'صوت'], ['حسجل', 'سجل'],
    // هال (this) and عال (on the) go like the article; tanween's alef goes.
    ['بهالانتخابات', 'انتخاب'], ['هالمرة', 'مره'], ['عالورقة', 'ورقه'], ['مسجلاً', 'مسجل'], ['مبكرا', 'مبكر'],
    // A plural's ات before a pronoun (my data) meets the plural and its stem.
    ['ببياناتي', 'بيانات'], ['معلوماتي', 'معلوم'],
    // A hamza typed on the line before ي is the ئ it stands for.
    ['جناءي', 'جنائي'],
  ])('%s has the form %s', (word, form) => {
    expect(arabicForms(normalizeArabic(word))).toContain(normalizeArabic(form));
  });

  test.each([
    ['وين', 'فين', 'أين'], // where: Levantine and Gulf, Egyptian, Standard
    ['امتى', 'إمتى', 'متى'], // when
    ['ازاي', 'شلون', 'كيف'], // how: Egyptian, Iraqi and Gulf, Standard
    ['مافي', 'ماكو', 'مفيش'], // there isn't
    ['اصوت', 'أنتخب', 'التصويت'], // to vote: verbs and the noun
    ['صوتت', 'ننتخب', 'للتصويت'],
    ['أدلي بصوتي', 'يدلي', 'التصويت'], // to cast (a vote)
    ['نفوطي', 'كنفوطي', 'التصويت'], // to vote, Maghrebi (French "voter"), and the Standard noun
    ['فوطيت', 'التفويط', 'أصوت'],
    ['المبكر', 'بكير', 'المسبق'], // early: Standard, Levantine, Standard
    ['بالبريد', 'بالبوسطة', 'البوستة'], // by post
    ['انتقلت', 'عزلت', 'رحلنا'], // moved house
    ['السجن', 'محبوس', 'انحبست'], // prison
    ['متطوع', 'التطوع', 'المتطوعين'], // volunteer, volunteering
    ['الجنسية', 'مواطن', 'تجنست'], // citizenship
    ['من انتم', 'مين انتو', 'من معي'], // who: من before a pronoun asks who
    ['وش انتم', 'شو انتو', 'مين انتم'], // "what are you" asks who too
    ['شوكت', 'إمتى', 'متى'], // when: Iraqi, Egyptian, Standard
    ['شحال', 'قديش', 'كم'], // how much: Maghrebi, Levantine, Standard
    ['ببلاش', 'مجاني', 'بيكلف'], // free, costs
    ['انكليزي', 'الإنجليزية', 'انقليزي'], // English
    ['نصابين', 'احتيال', 'نصب'], // a scam
    ['لمين', 'مين', 'منو'], // (for) who
    ['بدي اعمل رجيستر', 'تسجيل', 'للتسجيل'], // English loanwords in Arabic letters: register
    ['الباسبور', 'باسبورت', 'جواز السفر'], // passport
    ['جرين كارد', 'غرين كارد', 'البطاقة الخضراء'], // green card
    ['ابسنتي', 'ابسينتي', 'اقتراع غيابي'], // absentee
    ['شالوا اسمي', 'حذفوني', 'انشطبت'], // taken off (a list)
    ['بيحقلي', 'يحق لي', 'مسموحلي'], // may I: have the right, am allowed
    ['بيحقلهم', 'مسموح', 'يسمح لي'],
  ])('dialect spellings %s, %s and %s share a term', (...words) => {
    const shared = words.map((w) => new Set(terms('ar', w)));
    expect([...shared[0]].filter((t) => shared.every((s) => s.has(t)))).not.toEqual([]);
  });

  test('من is "from" elsewhere, and the dialects\' want / know / do / still are function words', () => {
    expect(terms('ar', 'من وين جبتوا رقمي')).not.toContain('~مين');
    expect(terms('ar', 'المقترح رقم 1 شو هو')).not.toContain('~مين');
    expect(analyzerFor('ar').analyze('وانا بدك اعرف شو اعمل لسه').units.every((w) => w < 1)).toBe(true);
    expect(analyzerFor('ar').analyze('بغيت خاصني تبعي بتاعي ديالي منشان').units.every((w) => w < 1)).toBe(true);
    expect(analyzerFor('ar').analyze('والله بالزبط باش عنجد يخليك').units.every((w) => w < 1)).toBe(true);
    expect(analyzerFor('ar').analyze('هل ما زلت مسجلا').units.filter((w) => w === 1)).toHaveLength(1);
  });

  test('"can I" (اقدر, بقدر) is a light unit: the verb after it carries "can I vote"', () => {
    const a = analyzerFor('ar').analyze('هل بقدر اصوت');
    const modal = a.terms.filter((t) => t.units[0] === 1);
    expect(modal.map((t) => t.term)).toContain('~يستطيع');
    expect(a.units[1]).toBeGreaterThan(FUNCTION_WORD_WEIGHT);
    expect(a.units[1]).toBeLessThan(1);
    for (const t of modal) expect(t.weight).toBe(a.units[1]);
    expect(a.units[2]).toBe(1); // اصوت
  });

  test.each([
    ['wein a9awet', 'وين اصوت'],
    ['kif asajel lel intikhabat', 'كيف اسجل للانتخابات'],
    ['shu lazem ejib hawiye', 'هوية'],
    ['fein el markaz', 'فين المركز'],
    ['mumkin a9awet bil bareed', 'التصويت بالبريد'],
    // Domain words whose letters do not write back (s for ص, t for ط), and the folding of typed Arabic.
    ['kif asawet lal intikhabat', 'كيف أصوت للانتخابات'],
    ['shu lazem a3mel bil tasweet', 'التصويت'],
    ['emta', 'متى'],
    ['kifash ntsajal', 'كيفاش'], // Maghrebi how
    ['fi taswit mobaker', 'التصويت المبكر'], // early: o for a short vowel, k for ك
    ['shu fi 3al wara2a', 'الورقة'], // paper (ballot): 2 for the ق
  ])('Arabizi %s meets %s', (typed, arabic) => {
    const other = new Set(terms('ar', arabic));
    const found = analyzerFor('ar').analyze(typed).terms.filter((t) => t.weight === 1 && other.has(t.term));
    expect(found.length).toBeGreaterThan(0);
  });

  test('a cut of a word allows one edit however long it is (two let الانتخاب meet الانتخابية, electoral)', () => {
    const cuts = analyzerFor('ar').analyze('يوم الانتخابات').terms.filter((t) => t.term !== 'يوم' && t.term !== 'الانتخابات');
    expect(cuts.map((t) => t.term)).toEqual(expect.arrayContaining(['انتخابات', 'الانتخاب', 'انتخاب']));
    for (const t of cuts) expect(t.fuzzy).toBeLessThanOrEqual(1);
    expect(analyzerFor('ar').analyze('الانتخابات').terms.find((t) => t.term === 'انتخاب')?.fuzzy).toBe(1);
  });

  test('Latin words without a sign of Arabizi stay English', () => {
    expect(terms('ar', 'where do I vote 3rd floor')).toEqual(['where', 'do', 'i', 'vote', '3rd', 'floor']);
    expect(terms('ar', 'kif a3mel register')).toEqual(expect.arrayContaining(['كيف', 'regist']));
  });

  test('English inside Arabic is analysed as English', () => {
    expect(terms('ar', 'هل يطلبون voter ID')).toEqual(expect.arrayContaining(['voter', 'id']));
  });
});

describe('Chinese', () => {
  test('Traditional folds to Simplified', () => {
    expect(foldChinese('我需要帶什麼證件 郵寄投票 選舉日')).toBe('我需要带什么证件 邮寄投票 选举日');
  });

  test('a verb-object word split by a particle (also Cantonese 咗) is the word', () => {
    expect(foldChinese('我投咗票 入咗籍 坐过监 犯过法 服完刑')).toBe('我投票了 入籍了 坐牢过 犯法过 服刑完');
    expect(foldChinese('我之前被关过')).toBe('我之前坐牢过');
  });

  test('words from Intl.Segmenter plus character pairs', () => {
    expect(terms('zh', '我需要带什么证件')).toEqual(expect.arrayContaining(['带', '证件', '要带', '带什']));
    expect(meets('zh', '我需要帶什麼證件', '投票要带证件吗')).toBe(true);
  });

  test('English words are analysed as English', () => {
    expect(terms('zh', '怎么register')).toEqual(expect.arrayContaining(['怎么', 'regist']));
  });
});

describe('Korean', () => {
  test.each([
    ['투표소는', '투표소'], ['어디예요', '어디'], ['투표소에서', '투표소'], ['신분증이', '신분증'], ['등록해야하나요', '등록'],
    ['우편으로', '우편'], ['투표할까요', '투표'],
    // A one-syllable particle is not cut from a two-syllable word: 전과 (record), 나이 (age).
    ['전과', '전과'], ['나이', '나이'], ['나이가', '나이'], ['누구야', '누구'],
    ['등록하고싶은데요', '등록'], ['들어갈수있어요', '들어갈'],
    // Past, casual and honorific forms, and 요 typed as 여 / 용.
    ['투표했는데요', '투표'], ['등록해야돼', '등록'], ['투표소어디에여', '투표소어디'], ['등록하셨나요', '등록'], ['궁금한데요', '궁금'],
    // 참여 (taking part) keeps its 여: one syllable would be left.
    ['참여해', '참여'],
    // 되다's forms stay: "등록됐나요" (am I registered) is not "등록해요" (I register).
    ['등록됐나요', '등록됐'],
    // Chat and spoken spellings.
    ['등록해야됨', '등록'], ['투표해야함', '투표'], ['등록할려면', '등록'], ['등록하는법', '등록'],
    // The copula's 이 only after a final consonant: 날이에요 is 날, 나이에요 / 아이야 keep their 이.
    ['날이에요', '날'], ['선거일이야', '선거일'], ['나이에요', '나이'], ['아이야', '아이'], ['차이냐', '차이'],
    // The subject particle 이 after a closed syllable, from a two-syllable word too; not 길이, 같이.
    ['줄이', '줄'], ['눈이', '눈'], ['길이', '길이'], ['같이', '같이'], ['나이', '나이'],
    // Casual forms of 하다: will, shall I, to go and do, did you, 하는 거 run together.
    ['등록할래요', '등록'], ['투표할까', '투표'], ['투표하러', '투표'], ['등록했냐', '등록'], ['투표하는거예요', '투표'],
  ])('%s -> %s', (word, stem) => {
    expect(stripKoreanEndings(word)).toBe(stem);
  });

  test.each([
    ['보트하려면', '투표하려면'], ['레지스터', '등록'], ['얼리보팅', '사전투표'], ['아이디', '신분증'], ['메일로', '우편로'],
    // A boat elsewhere in a word, an idea, an e-mail: not the domain's words.
    ['아이디어', '아이디어'], ['이메일', '이메일'], ['로보트', '로보트'],
    // A proposition, a drop box, the line's own messages (문자), checking.
    ['프롭1번이', '발의안1번이'], ['프로포지션', '발의안'], ['드롭박스', '투표함'], ['메세지', '문자'], ['이메시지', '이문자'], ['체크해', '확인해'],
    // The election commission by its full name is its short name.
    ['선거관리위원회에서', '선관위에서'],
    // Day: 일렉션데이 is 선거날; data and a date are not days.
    ['일렉션데이', '선거날'], ['보팅데이', '투표날'], ['데이터', '데이터'], ['데이트', '데이트'],
  ])('Konglish %s is read as %s', (word, korean) => {
    expect(koreanForKonglish(word)).toBe(korean);
  });

  test('letters standing alone (ㅋㅋ, ㅠㅠ, a slipped key) are no words', () => {
    expect(terms('ko', 'ㅋㅋㅋ 투표ㅅ소 어디예요 ㅠㅠ')).toEqual(terms('ko', '투표소 어디예요'));
    expect(analyzerFor('ko').analyze('투표소 ㅎㅎ').units).toHaveLength(3);
  });

  test('a word of verbs and fillers alone counts little: 어떻게 해요, 뭐가 필요해요', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('등록 어떻게 해요 뭐가 필요해요').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 등록: 1, 해요: FUNCTION_WORD_WEIGHT, 뭐가: FUNCTION_WORD_WEIGHT, 필요: 1 });
  });

  test('있다 / 없다 before a noun or a clause counts little, and makes no pairs: 뭐가 있는지, 시민권 없으면', () => {
    const analysis = analyzerFor('ko').analyze('투표지에 뭐가 있는지 시민권 없으면');
    const weights = Object.fromEntries(analysis.terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 투표지: 1, 있는지: FUNCTION_WORD_WEIGHT, 없으면: FUNCTION_WORD_WEIGHT, 시민권: 1 });
    expect(terms('ko', '투표지에 뭐가 있는지')).not.toContain('있는');
    expect(terms('ko', '투표지에 뭐가 있는지')).not.toContain('지있');
  });

  test('casual question endings written apart count little: "투표할 수 있냐", "등록 했니"', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('투표할 수 있냐 등록 했니').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 있냐: FUNCTION_WORD_WEIGHT, 했니: FUNCTION_WORD_WEIGHT, 등록: 1 });
  });

  test('하다 reported counts little: "등록해야 한대요", "먼저 등록해야 한다던데"', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('등록해야 한대요 먼저 한다던데').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 한대: FUNCTION_WORD_WEIGHT, 한다: FUNCTION_WORD_WEIGHT, 등록: 1, 먼저: 1 });
  });

  test('안 (not) is a content word: "아직 등록 안 했어요" is not "아직 등록했어요"', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('아직 등록 안 했어요 안했는데').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 안: 1, 등록: 1 });
  });

  test('a US state or city says where, not what: a function word, with 주 / 시 and its particles', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('캘리포니아주에서 등록 마감 플러싱 시카고시').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 캘리포니아주: FUNCTION_WORD_WEIGHT, 플러싱: FUNCTION_WORD_WEIGHT, 시카고시: FUNCTION_WORD_WEIGHT, 등록: 1, 마감: 1 });
    const content = (text: string) => analyzerFor('ko').analyze(text).terms.filter((t) => t.weight === 1).map((t) => t.term).sort();
    expect(content('뉴욕 등록 마감')).toEqual(content('등록 마감'));
    expect(content('텍사스는 신분증 뭐 필요해요')).toEqual(content('신분증 뭐 필요해요'));
    // Not a place: 주소 (address), 주지사 (governor), 시민권 stay words.
    expect(content('주소 주지사 시민권')).toEqual(expect.arrayContaining(['주소', '주지사', '시민권']));
  });

  test('asking leave and 대 typed for 데 count little: 영주권 있는데 투표 해도 되나, 전과 있는대', () => {
    const weights = Object.fromEntries(analyzerFor('ko').analyze('영주권 투표 해도 되나 전과 있는대 나도').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ 영주권: 1, 투표: 1, 해도: FUNCTION_WORD_WEIGHT, 되나: FUNCTION_WORD_WEIGHT, 있는대: FUNCTION_WORD_WEIGHT, 나도: FUNCTION_WORD_WEIGHT });
    const content = (text: string) => analyzerFor('ko').analyze(text).terms.filter((t) => t.weight === 1).map((t) => t.term).sort();
    expect(content('전과 있는대 등록 가능해요')).toEqual(content('전과 있는데 등록 가능해요'));
    expect(content('전과 있는대 등록 가능해요')).not.toContain('는대');
  });

  test('a compound is not cut into a word it is not made of: 장애인 holds no 애인 (lover)', () => {
    const disabled = terms('ko', '장애인 투표 도움');
    expect(disabled).toEqual(expect.arrayContaining(['장애인', '장애', '투표']));
    expect(disabled).not.toContain('애인');
    expect(meets('ko', '애인 있어요?', '장애인 투표 도움')).toBe(false);
    expect(terms('ko', '애인 있어요?')).toContain('애인');
    expect(terms('ko', '선거인 명부에 없어요')).not.toContain('거인');
    expect(terms('ko', '통역사 있어요')).not.toContain('역사');
    // The pair is taken where it is a word of its own, and across words.
    expect(terms('ko', '한국 역사 알려줘')).toContain('역사');
  });

  test('낫다 (better) is one word in all its forms, not 나 (I): 어떤 정당이 나아요 is not 어떤 정당', () => {
    for (const form of ['나아요', '나은가요', '나을까요', '낫나요']) expect(terms('ko', `어떤 정당이 ${form}`)).toContain('낫');
    expect(meets('ko', '누가 더 나아요', '어느 후보가 나은가요')).toBe(true);
    expect(terms('ko', '어느 정당이에요')).not.toContain('낫');
    // 나 (I) and 나이 (age) stay what they are.
    expect(terms('ko', '나 투표 돼요')).not.toContain('낫');
    expect(terms('ko', '나이 제한')).toContain('나이');
  });

  test('an adjective of 하다 asked about loses its 한가요: 가능한가요 is 가능, 필요한가요 is 필요', () => {
    expect(terms('ko', '우편으로 등록 가능한가요')).toEqual(expect.arrayContaining(['우편', '등록', '가능']));
    expect(terms('ko', '우편으로 등록 가능한가요')).not.toContain('가능한');
    expect(terms('ko', '신분증 필요한가')).toContain('필요');
  });

  test('하는 run together with its noun is the noun: "선거 하는날" is "선거 하는 날"', () => {
    const content = (text: string) => analyzerFor('ko').analyze(text).terms.filter((t) => t.weight === 1).map((t) => t.term).sort();
    expect(content('선거 하는날 언제')).toEqual(content('선거 하는 날 언제'));
    expect(content('등록 하는곳')).toContain('곳');
    expect(content('등록 하는곳')).not.toContain('하는곳');
    // 하는지 / 하는법 stay what they were.
    expect(terms('ko', '하는법')).toContain('하는법');
  });

  test('spacing does not matter', () => {
    const spaced = terms('ko', '투표소 어디예요');
    for (const t of ['투표', '표소', '소어', '어디']) expect(spaced).toContain(t);
    expect(terms('ko', '투표소어디예요')).toEqual(expect.arrayContaining(['투표', '표소', '소어', '어디']));
  });

  test.each([
    ['돕고', '돕'], ['도와주세요', '돕'], ['도울', '돕'], ['도와드리고', '돕'], ['바뀌었', '바꾸'], ['바꿔야', '바꾸'],
    ['옮겼는데', '옮기'], ['몰라서', '모르'], ['잃어버렸', '잃'], ['가져가야', '챙기'], ['챙겨야', '챙기'], ['나와요', '나오'],
  ])('the verb form %s stands for its root %s', (word, root) => {
    expect(koreanVerbRoot(word)?.root).toBe(root);
  });

  test('verb forms of one root meet each other, whatever the ending', () => {
    expect(meets('ko', '돕고 싶은데요', '도와드리고 싶어요')).toBe(true);
    expect(meets('ko', '도울 수 있어요', '봉사로 도와주고 싶어요')).toBe(true);
    expect(meets('ko', '주소 바뀌었어요', '주소를 바꿔야 하나요')).toBe(true);
    // A word no root starts with stays itself.
    expect(koreanVerbRoot('투표')).toBeUndefined();
  });

  test.each([
    ['우펀', '우편'], ['통여', '통역'], ['등럭', '등록'], ['신븐', '신분'],
  ])('a pair one letter (jamo) away from a word of the domain, %s, stands for it too: %s', (typed, meant) => {
    expect(koreanSlip(typed)).toBe(meant);
    expect(meets('ko', `${meant} 투표`, `${typed} 투표`)).toBe(true);
  });

  test('words of the domain, short pairs and everyday words one letter away from them are left alone', () => {
    expect(koreanSlip('우편')).toBeUndefined(); // the word itself
    expect(koreanSlip('투포')).toBeUndefined(); // four letters: too many neighbours
    expect(koreanSlip('사진')).toBeUndefined(); // photo, not 사전 (early voting)
    expect(koreanSlip('전화')).toBeUndefined(); // phone, not 전과 (record)
    expect(koreanSlip('정부')).toBeUndefined(); // government, not 정보 (data)
    expect(koreanSlip('여권')).toBeUndefined(); // passport, not 유권 (voter)
    expect(terms('ko', '우펀 투표')).toEqual(expect.arrayContaining(['우펀', '우편', '투표']));
  });

  test('a slip is a key missed inside a word, not a pair across two words: 볼 사람 is no 봉사', () => {
    expect(terms('ko', '제 정보 볼 수 있는 사람 누구예요')).toContain('볼사');
    expect(terms('ko', '제 정보 볼 수 있는 사람 누구예요')).not.toContain('봉사');
    expect(terms('ko', '볼사 하고 싶어요')).toContain('봉사');
    expect(terms('ko', '우펀투표 신청')).toContain('우편');
  });
});

describe('text-speak and input slips', () => {
  test.each([
    ['tl', 'nkarehistro b aq', 'nakarehistro ba ako'],
    ['tl', 'cno k', 'sino ka'],
    ['tl', 'pano mgparehistro', 'paano magparehistro'],
    ['tl', 'pno mg vote kng hndi aq rehistrado', 'paano mag vote kung hindi ako rehistrado'],
    ['tl', 'sno iboboto ngyn', 'sino iboboto ngayon'],
    ['tl', 'nasan presinto ko, asan botohan', 'saan presinto ko, saan botohan'],
    ['tl', 'bat indi aq nkalista db', 'bakit hindi ako nakalista diba'],
    ['tl', 'gano katagal bago eleksiyon', 'gaano katagal bago eleksyon'],
    ['tl', 'nov ba ang eleksyon', 'nobyembre ba ang eleksyon'],
    ['vi', 'dk bc', 'đăng ký bầu cử'],
    ['vi', 'đăng kí bầu cử, lí do', 'đăng ký bầu cử, lý do'],
    ['vi', 'dang ki bau cu', 'dang ky bau cu'],
    ['vi', 'bỏ fiếu wa thư', 'bỏ phiếu qua thư'],
    ['vi', 'mấy jờ mở cửa, bh bầu', 'mấy giờ mở cửa, bao giờ bầu'],
    ['vi', 'trc ngày bầu cử ng ta đi đâu', 'trước ngày bầu cử người ta đi đâu'],
    ['vi', 'dki bc hk, ms qua cx dc', 'đăng ký bầu cử không, mới qua cũng được'],
    ['vi', 'ddawng kys baauf cuwr owr ddaau', 'dang ky bau cu o dau'],
    ['vi', 'coi chỗ bầu, kiếm phòng phiếu, gởi phiếu, bữa nào bầu', 'xem chỗ bầu, tìm phòng phiếu, gửi phiếu, hôm nào bầu'],
    ['ko', '보트 어디서 해요, 레지스터 하는 법', '투표 어디서, 등록 법'],
    ['zh', '头票要带神马证见', '投票要带什么证件'],
    ['en', 'wat time r polls open', 'what time are polls open'],
    ['en', 'can i reg 2 vote tmrw w my new addy', 'can i register to vote tomorrow w my new address'],
    ['en', 'pic id reqs for elec day', 'photo id requirements for election day'],
    ['en', 'ion know where my pole place at', 'i dont know where my poll place at'],
    ['en', 'do i need my ssn or dl 2 vot', 'do i need my social security number or driver license to vote'],
    ['en', 'absentee ballet, need an I.D.?', 'absentee ballot need an id'],
    ['es', 'puedo botar por correo, boto en mi rejistro', 'puedo votar por correo, voto en mi registro'],
    ['zh', '喺邊度投票 幾時投票', '在哪里投票 什么时候投票'],
    ['zh', '點樣登記 你哋係邊個', '怎么登记 你们 谁'],
    ['zh', '志原者 你门 登计', '志愿者 你们 登记'],
    ['zh', '身分證', '身份证'],
    ['zh', '你係唔係機器人 我登記咗未', '你是不是机器人 我登记了吗'],
    ['zh', '我搬屋了 睇唔到', '我搬家了 看不到'],
    ['zh', '佢哋話我唔喺名單度 坐過監仲可唔可以投票', '他们说我不在名单 坐过监还可不可以投票'],
    ['zh', '我唔識英文 可唔可以寄返張選票 查吓我有冇登記', '我不会英文 可不可以寄回张选票 查一下我有没有登记'],
    ['zh', '啥时候投票 咋登记 在哪儿投票', '什么时候投票 怎么登记 在哪里投票'],
    ['zh', '點投票 要唔要帶車牌', '怎么投票 要不要带驾照'],
    ['zh', '做过牢可以投票马', '坐过牢可以投票吗'],
    // One word for one thing: 注册 / 登记, 投票所 / 票站 / 投票站, 义工 / 志工 / 志愿者, 通讯投票 / 邮寄投票.
    ['zh', '注册 投票所 志工 通讯投票', '登记 投票站 志愿者 邮寄投票'],
    // Early voting word for word, the vote centre, an interpreter, a sample or provisional ballot's other names.
    ['zh', '早期投票 投票中心 要口译 样板选票 暂定选票', '提前投票 投票站 要翻译 样本选票 临时选票'],
    ['zh', '當義公 登記截至日期 身障人士', '当志愿者 登记截止日期 残疾人士'],
    // A verb-object word split by 了 / 过 (离合词) meets the word.
    ['zh', '以前投过票 我登過記了 入了籍 搬了家 帮我登个记', '以前投票 我登记 入籍 搬家 帮我登记'],
    ['zh', '做咩要登記 我未試過投票 冇登記咋整 边位', '为什么要登记 我从来没投票 没有登记怎么办 谁'],
    ['zh', 'zhoumo keyi toupiao ma', '周末可以投票吗'],
    ['zh', '投開票所在哪 選舉公報 選舉人名冊', '投票站在哪 选民指南 选民名册'],
  ])('%s: %s means %s', (language, typed, meant) => {
    const a = new Set(terms(language, typed));
    expect(terms(language, meant).filter((t) => !a.has(t))).toEqual([]);
  });

  test('Cantonese 喺 X 度 (at X): the 度 is no word', () => {
    expect(terms('zh', '我唔喺名單度')).toEqual(expect.arrayContaining(['名单', '在名']));
    expect(terms('zh', '我唔喺名單度').filter((t) => t.includes('度'))).toEqual([]);
    expect(terms('zh', '喺邊度投票')).toContain('哪里');
  });

  test.each([
    ['tl', 'pwede bang bumoto kahit walang ID', ['pwede', 'ba']],
    ['tl', 'pwedeng mag register, need ko ba', ['pwede', 'need']],
    // ("yes" there begins "oo o hindi", one content term: see below.)
    ['tl', 'yes o no sa proposition', ['o', 'no']],
    ['tl', 'paano malaman kung saan ako boboto, di ko alam', ['malaman', 'alam']],
    ['es', 'que pasa si me van a pedir id, dime', ['pasa', 'van', 'dime']],
    ['en', 'yo fr tho imma vote, hows it work, quick question', ['yo', 'fr', 'tho', 'imma', 'how', 'quick']],
  ])('%s: particles with a linker and everyday verbs count little: %s', (language, text, light) => {
    const weights = Object.fromEntries(analyzerFor(language).analyze(text).terms.map((t) => [t.term, t.weight]));
    for (const word of light) expect({ word, weight: weights[word] }).toEqual({ word, weight: FUNCTION_WORD_WEIGHT });
  });

  test.each([
    ['nagpa-register ako', 'nagpa'],
    ['mag re-register ba ako', 're'],
    ['sino itong nagme-message', 'nagme'],
    ['makapag-vote pa ba', 'makapag'],
    ['magpi-print ko ba', 'magpi'],
    ['nagfi-fill up ako', 'nagfi'],
  ])('Tagalog affixes before a hyphen are function words: %s', (text, affix) => {
    const weights = Object.fromEntries(analyzerFor('tl').analyze(text).terms.map((t) => [t.term, t.weight]));
    expect(weights[affix]).toBe(FUNCTION_WORD_WEIGHT);
  });

  test.each([
    ['pano ako makakapag register', 'makakapag'],
    ['paano magpa rehistro', 'magpa'],
    ['pnu aq mkpg register', 'makapag'],
  ])('a Tagalog verb prefix written as a word of its own is a function word: %s', (text, affix) => {
    const weights = Object.fromEntries(analyzerFor('tl').analyze(text).terms.map((t) => [t.term, t.weight]));
    expect(weights[affix]).toBe(FUNCTION_WORD_WEIGHT);
  });

  test.each([
    ['kailan ang takdang araw', 'takda'],
    ['ako ba ay rehistradong botante', 'rehistrado'],
    ['tulong sa wikang tagalog', 'wika'],
    ['sinong kandidato', 'sino'],
  ])('a domain word with its linker is the word: %s', (text, word) => {
    expect(terms('tl', text)).toContain(word);
  });

  test.each([
    ['registration deadline sa california', ['california']],
    ['student ako sa ucla pero taga san diego', ['san', 'diego']],
    ['lumipat kami sa new york', ['new', 'york']],
  ])('a US state or city in Tagalog is a function word: %s', (text, places) => {
    const weights = Object.fromEntries(analyzerFor('tl').analyze(text).terms.map((t) => [t.term, t.weight]));
    for (const word of places) expect({ word, weight: weights[word] }).toEqual({ word, weight: FUNCTION_WORD_WEIGHT });
    expect(weights.saan).toBeUndefined(); // "san" of San Diego is no "saan" (where)
  });

  test('Tagalog negation and the ages 16-18 ask something; other numbers and English "not" count little', () => {
    const weights = Object.fromEntries(analyzerFor('tl').analyze('hindi ako sure, 17 lang ako, walang id, 8').terms.map((t) => [t.term, t.weight]));
    expect(weights).toMatchObject({ hindi: 1, wala: 1, 'edad 17': 1, 8: FUNCTION_WORD_WEIGHT, lang: FUNCTION_WORD_WEIGHT });
    expect(analyzerFor('en').analyze('i am 17').terms.find((t) => t.term === '17')?.weight).toBe(FUNCTION_WORD_WEIGHT);
  });

  test.each([
    ['rehistrado ba ako o hindi', FUNCTION_WORD_WEIGHT],
    ['registered na ba ko o ndi pa', FUNCTION_WORD_WEIGHT],
    ['oo o hindi sa proposition', FUNCTION_WORD_WEIGHT],
    ['hindi ako sure kung rehistrado ako', 1],
  ])('Tagalog "o hindi" (or not) asks yes or no, no negation: %s', (text, weight) => {
    expect(analyzerFor('tl').analyze(text).terms.find((t) => t.term === 'hindi')?.weight).toBe(weight);
  });

  test.each([
    ['hindi pa ako rehistrado', 'rehistrado'],
    ['di p aq registered', 'registered'],
    ['wala pa akong rehistro', 'rehistro'],
  ])('Tagalog negation before "pa" is one term, "not yet" (how do I register): %s', (text, word) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === 'hindi pa')?.weight).toBe(1);
    expect(terms.find((t) => t.term === 'hindi' || t.term === 'wala')).toBeUndefined();
    expect(terms.find((t) => t.term === 'pa')?.weight).toBe(FUNCTION_WORD_WEIGHT);
    expect(terms.some((t) => t.term === word)).toBe(true);
  });

  test.each([
    ['18 na ako paano magparehistro', '18', 'edad 18'],
    ['pwede ba bumoto ang 17 years old', '17', 'edad 17'],
    ['kaka-18 ko lang', '18', 'kaka 18'],
    ['kakaturn 18 ko lang', '18', 'kaka 18'],
    ['nag 18 na ako last month', '18', 'kaka 18'],
    ['magiging 18 ako bago ang eleksyon', '18', 'mag 18'],
    ['magtu-turn 18 ako', '18', 'mag 18'],
  ])('a Tagalog age next to a word that says so is an age, with when it is reached: %s', (text, age, term) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === term)?.weight).toBe(1);
    expect(terms.find((t) => t.term === age)).toBeUndefined();
  });

  test.each(['zzz 18', 'prop 17', 'zzz 16'])('a Tagalog 16-18 with no word saying it is an age is a number: %s', (text) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => /^1[678]$/.test(t.term))?.weight).toBe(FUNCTION_WORD_WEIGHT);
    expect(terms.some((t) => t.term.includes(' '))).toBe(false);
  });

  test.each([
    ['pwede pa ba ako magparehistro', 'pa ba'],
    ['may oras p b para mag register', 'pa ba'],
    ['di pa ba ako registered', 'hindi pa'],
  ])('Tagalog "pa ba" (still?) is one term, unless "pa" is the "not yet" of a negation: %s', (text, term) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === term)?.weight).toBe(1);
    if (term === 'hindi pa') expect(terms.find((t) => t.term === 'pa ba')).toBeUndefined();
    expect(terms.find((t) => t.term === 'ba')?.weight).toBe(FUNCTION_WORD_WEIGHT);
  });

  test.each([
    ['ano ang iboboto', true],
    ['ano ba ang mga iboboto sa eleksyon', true],
    ['anu-ano yung pagbobotohan', true],
    ['sino ang iboboto ko', false],
    ['ano ang iboboto mo sa prop', false],
    ['anong posisyon ang iboboto ko', false],
  ])('Tagalog "ano" before the voted-on verb is one term, what is on the ballot: %s', (text, asked) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === 'ano iboboto')?.weight).toBe(asked ? 1 : undefined);
    expect(terms.some((t) => t.term === 'boto')).toBe(true);
  });

  test.each([
    ['oo o hindi sa proposition', true],
    ['yes ba o no sa measure', true],
    ['oo ba o hindi ang iboboto ko sa prop', true],
    ['rehistrado ba ako o hindi', false],
    ['oo, rehistrado ako', false],
  ])('Tagalog "oo o hindi" (yes or no) is one term, how to vote on a measure: %s', (text, asked) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === 'oo o hindi')?.weight).toBe(asked ? 1 : undefined);
  });

  test.each([
    ['lumipat ba ang presinto ko', true],
    ['nagpalit ba ng lugar ang botohan namin', true],
    ['pinalitan ba yung polling place ko', true],
    ['nag-bago ba ang presinto', true],
    ['nag iba ba ang lugar ng botohan', true],
    ['lumipat ako, saan ang presinto ko', false],
    ['nagpalit ako ng address', false],
    ['lumipat ako bago ang botohan', false],
    ['iba na ba ang presinto ko', false],
  ])('Tagalog change verb before the polling place is one term, the polling place changed: %s', (text, asked) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === 'lipat presinto')?.weight).toBe(asked ? 1 : undefined);
  });

  test.each([
    ['democrat ba kayo o republican', true],
    ['democrat o republican ba kayo', true],
    ['sa partido ba kayo', true],
    ['republican po ba kau', true],
    ['kasali ba kayo sa democrat o republican', true],
    ['konektado ba kayo sa isang partido', true],
    ['pabor ba kayo sa democrat', false],
    ['sinong partido ang sinusuportahan mo', false],
  ])('Tagalog party before "kayo", or after it with a word of belonging, is one term, which side the line is on: %s', (text, asked) => {
    const terms = analyzerFor('tl').analyze(text).terms;
    expect(terms.find((t) => t.term === 'partido kayo')?.weight).toBe(asked ? 1 : undefined);
  });

  test('Tagalog "isang" (one, a) is a function word, not the stem "sang": "isang linggo bago ang eleksyon"', () => {
    const terms = analyzerFor('tl').analyze('isang linggo bago ang eleksyon').terms;
    expect(terms.find((t) => t.term === 'isa')?.weight).toBe(FUNCTION_WORD_WEIGHT);
    expect(terms.find((t) => t.term === 'sang' || t.term === 'isang')).toBeUndefined();
  });

  test('Tagalog "2" is text-speak for "to", this (ito): "sino 2"', () => {
    expect(analyzerFor('tl').analyze('sino 2').terms.find((t) => t.term === 'ito')?.weight).toBe(FUNCTION_WORD_WEIGHT);
  });

  test('place names change neither English nor Spanish analysis', () => {
    expect(analyzerFor('en').analyze('registration deadline in california').terms.find((t) => t.term === 'california')?.weight).toBe(1);
    expect(analyzerFor('es').analyze('fecha limite en california').terms.find((t) => t.term.startsWith('californ'))?.weight).toBe(1);
  });

  test('a syllable after a prefix is affix only when the next part repeats it', () => {
    const weights = Object.fromEntries(analyzerFor('tl').analyze('nagre-vote').terms.map((t) => [t.term, t.weight]));
    expect(weights.nagre).toBe(1);
  });

  test('Tagalog "pwd" is read both ways: PWD (disability) and pwede', () => {
    const a = analyzerFor('tl').analyze('pwd');
    expect(a.terms.map((t) => [t.term, t.weight])).toEqual([['pwd', 1], ['pwede', FUNCTION_WORD_WEIGHT]]);
    expect(a.units).toEqual([1]); // one word, a content word: "pwd" alone still asks something
  });

  test('Cantonese 点 is "how" before a verb, not in a time (几点)', () => {
    expect(foldChinese('點登記 幾點投票 7点投票 地点查询')).toBe('怎么登记 几点投票 7点投票 地点查询');
  });

  test.each([
    ['tou piao zai nali', '投票在哪里'],
    ['tóupiào zài nǎlǐ', '投票在哪里'],
    ['tou2piao4 yao dai shen me zheng jian', '投票要带什么证件'],
    ['zainalitoupiao', '在哪里投票'],
    ['wo keyi youji toupiao ma', '我可以邮寄投票吗'],
    ['lüka keyi toupiao ma', '绿卡可以投票吗'],
    ['zenme register', '怎么 register'],
    // Not pinyin: English stays English, even with pinyin-like words in it.
    ['mail in ballot 怎么申请', 'mail in ballot 怎么申请'],
    ['can i bring my id', 'can i bring my id'],
    ['women can vote', 'women can vote'],
    // An erhua syllable ends a word: "nar" + "ni" + "a" is no reading of a name.
    ['Narnia', 'Narnia'],
    ['ni qu nar toupiao', '你去哪里投票'],
  ])('pinyin %s is read as %s', (typed, meant) => {
    expect(foldChinese(typed).trim()).toBe(meant);
  });

  test('a pronoun or particle the segmenter joins to a word counts little, the rest is looked up', () => {
    const weights = Object.fromEntries(analyzerFor('zh').analyze('我的驾照过期了 我还没登记').terms.map((t) => [t.term, t.weight]));
    expect(weights['我的']).toBe(FUNCTION_WORD_WEIGHT);
    expect(weights['还没']).toBe(1);
  });

  test('Cantonese particles are function words', () => {
    const weights = analyzerFor('zh').analyze('可唔可以早啲去投票').units;
    expect(weights.filter((w) => w < 1).length).toBeGreaterThanOrEqual(4);
  });
});
