/**
 * Opt-out in people's own words, in every shipped language (issue 13; FCC 2024 consent-revocation
 * order: "stop", "quit", "end", "revoke", "opt out", "cancel", "unsubscribe" and reasonable
 * equivalents count). Both sides for each language, read against the shipped locales: what must
 * opt a person out, and what must not (a question or a sentence that merely contains the word).
 */
import { join } from 'node:path';
import { classifyGlobal } from '../../src/engine/keywords';
import { matchOptOut } from '../../src/engine/opt-out';
import { nearMiss, tokenize } from '../../src/engine/opt-out-tokens';
import { Translator } from '../../src/i18n/translator';

const lexicon = Translator.fromDir(join(__dirname, '../../locales'), 'en');

const TABLE: Record<string, { optOut: string[]; notOptOut: string[] }> = {
  en: {
    optOut: [
      'please stop texting me',
      'remove me from this list',
      'no more messages',
      'opt out',
      'Opt-out',
      'stop texting me',
      'please stop',
      'STOP STOP',
      'STOP F***ING TEXTING ME',
      'stpo',
      'unsubscibe',
      'STOP!!!',
      'Stop it',
      'stop please!!',
      'STOP 🛑',
      'Unsubscribe me',
      'Take me off your list',
      "don't text me anymore",
      'Please remove my number',
      'wrong number',
      'I want to opt out',
      'quit texting me',
      'leave me alone',
      'stop sending me these messages',
      'can you please stop texting me?',
      'STOP FUCKING TEXTING ME',
      'STOOOOP',
      'cancel',
      'END',
      'revoke my consent',
      'How do I unsubscribe?',
      'ＳＴＯＰ',
    ],
    notOptOut: [
      "don't stop",
      'where is the bus stop?',
      'can I stop by the office?',
      "I can't stop thinking about the election",
      'stop by tomorrow?',
      "please don't stop texting me",
      'when does early voting stop?',
      'Is there a bus stop near the polling place?',
      "I'll stop at the library to vote",
      'the end of the line',
      'step',
      'shop',
      'how do I cancel my mail ballot?',
      'I quit my job, can I still vote?',
      'keep texting me please',
      'non-stop updates please',
      'Why did you stop texting me?',
      'stop the bus at 5th please',
    ],
  },
  es: {
    optOut: [
      'ya no me manden mensajes', // don't send me messages anymore
      'PARAR', // stop
      'para ya', // stop already
      'Basta ya por favor', // enough already please
      'no me manden más mensajes', // don't send me more messages
      'dejen de mandarme mensajes', // stop sending me messages
      'Deja de escribirme', // stop writing to me
      'quiero darme de baja', // I want to unsubscribe
      'Dénme de baja', // unsubscribe me
      'denme de baja porfa', // unsubscribe me pls
      'sáquenme de la lista', // take me off the list
      'bórrenme de su lista', // delete me from your list
      'No más mensajes', // no more messages
      'no mas mensajes por favor', // no more messages please (no accent)
      'cancelar suscripción', // cancel subscription
      'número equivocado', // wrong number
      'no quiero recibir más mensajes', // I don't want to get more messages
      'déjenme en paz', // leave me alone
      'STOP por favor', // STOP please
      'alto', // halt
      'PAREN YA', // stop now
    ],
    notOptOut: [
      'no pares', // don't stop
      '¿dónde está la parada?', // where is the (bus) stop?
      '¿Puedo pasar por la oficina mañana?', // can I stop by the office tomorrow?
      'No puedo dejar de pensar en las elecciones', // I can't stop thinking about the election
      '¿para votar necesito identificación?', // to vote, do I need ID? (para = for)
      '¿para qué es esto?', // what is this for?
      'no dejen de mandarme información', // don't stop sending me information
      '¿a qué hora paran las votaciones?', // what time does voting stop?
      'la parada del autobús', // the bus stop
      'sí', // yes
      'no', // no
      'voy a pasar por la oficina', // I'll stop by the office
    ],
  },
  zh: {
    optOut: [
      '不要再给我发短信了', // don't text me anymore
      '退订', // unsubscribe
      '停止', // stop
      '停', // stop
      '请停止发送', // please stop sending
      '别再发了', // stop sending
      '不要再发了！', // don't send any more!
      '取消订阅', // cancel subscription
      '我要退订', // I want to unsubscribe
      '请不要再联系我', // please don't contact me again
      '别烦我', // don't bother me
      '把我从名单上删除', // remove me from the list
      '不想再收到你们的消息', // I don't want your messages anymore
      'TD', // unsubscribe (carrier shorthand)
      '退訂', // unsubscribe (traditional)
      '停止停止', // stop stop
      '发错人了', // wrong person (wrong number)
      'STOP',
    ],
    notOptOut: [
      '不要停', // don't stop
      '公交车站在哪里？', // where is the bus stop?
      '我可以顺路去办公室一趟吗？', // can I stop by the office?
      '我一直在想选举的事，停不下来', // I can't stop thinking about the election
      '投票几点停止？', // what time does voting stop?
      '停车场在哪里？', // where is the parking lot?
      '我不想错过投票', // I don't want to miss voting
      '是的', // yes
      '为什么停止发送了？', // why did you stop sending?
      '停车方便吗', // is parking easy?
    ],
  },
  vi: {
    optOut: [
      'đừng nhắn tin cho tôi nữa', // don't text me anymore
      'DỪNG', // stop
      'dừng lại', // stop
      'dung lai', // stop (no tone marks)
      'NGỪNG', // stop
      'ngung', // stop (no tone marks)
      'hủy đăng ký', // unsubscribe
      'huy dang ky', // unsubscribe (no tone marks)
      'HUỶ', // cancel (old-style tone placement)
      'làm ơn ngừng gửi tin nhắn', // please stop sending messages
      'không muốn nhận tin nhắn nữa', // don't want messages anymore
      'xóa tôi khỏi danh sách', // remove me from the list
      'đừng làm phiền tôi nữa', // don't bother me anymore
      'nhầm số rồi', // wrong number
      'STOP',
      'dừng đi', // stop it
      'Ngừng nhắn tin giùm', // stop texting, please
      'thôi nhắn tin đi', // quit texting
    ],
    notOptOut: [
      'đúng', // right / correct
      'đúng rồi', // that's right
      'dung roi', // that's right (no tone marks)
      'đừng dừng lại', // don't stop
      'trạm xe buýt ở đâu?', // where is the bus stop?
      'tôi có thể ghé qua văn phòng không?', // can I stop by the office?
      'tôi cứ nghĩ mãi về cuộc bầu cử, không ngừng được', // I can't stop thinking about the election
      'mấy giờ ngừng bỏ phiếu?', // what time does voting stop?
      'dùng', // use
      'có', // yes
    ],
  },
  ko: {
    optOut: [
      '문자 그만 보내세요', // stop sending texts
      '그만', // stop / enough
      '중지', // stop
      '수신거부', // opt out
      '수신 거부합니다', // I opt out
      '그만 보내', // stop sending
      '제발 그만', // please stop
      'STOP',
      '더 이상 문자 보내지 마세요', // don't send texts anymore
      '연락하지 마세요', // don't contact me
      '구독 취소할게요', // I'll cancel the subscription
      '명단에서 빼 주세요', // take me off the list
      '그만해요', // stop it
      '멈춰', // stop
      '번호 삭제해 주세요', // please delete my number
      '보내지 마세요', // don't send
    ],
    notOptOut: [
      '멈추지 마세요', // don't stop
      '버스 정류장이 어디예요?', // where is the bus stop?
      '사무실에 들러도 돼요?', // can I stop by the office?
      '선거 생각을 멈출 수가 없어요', // I can't stop thinking about the election
      '내일 들를게요', // I'll stop by tomorrow
      '네', // yes
      '중지된 투표소가 있나요?', // are any polling places closed?
      '그만두지 마세요', // don't quit
      '그만큼 중요해요', // it's that important
    ],
  },
  tl: {
    optOut: [
      'huwag na kayong mag-text', // don't text anymore
      'TIGIL', // stop
      'tigil na po', // stop now (polite)
      'stop na po', // stop now (polite)
      'Tama na po', // that's enough (polite)
      'itigil nyo na ang pag-text', // stop the texting
      'wag nyo na akong i-text', // don't text me anymore
      'Ayoko na ng text', // I don't want texts anymore
      'alisin nyo ako sa listahan', // remove me from the list
      'pakitigil na po', // please stop now
      'tanggalin nyo na ako', // remove me
      'Maling number po', // wrong number
      'HINTO', // stop
      'unsubscribe po', // unsubscribe (polite)
      'tigilan nyo na ako', // leave me alone / stop it
      'huwag nyo na po akong padalhan ng mensahe', // please don't send me messages anymore
    ],
    notOptOut: [
      'huwag tumigil', // don't stop
      'saan ang sakayan ng bus?', // where is the bus stop?
      'pwede ba akong dumaan sa opisina?', // can I stop by the office?
      'hindi ko mapigilang isipin ang eleksyon', // I can't stop thinking about the election
      'dadaan ako bukas', // I'll stop by tomorrow
      'oo', // yes
      'para saan ito?', // what is this for?
      'para sa halalan', // for the election
      'huwag na', // never mind
      'tama', // right
      'tama po', // right (polite)
    ],
  },
  ar: {
    optOut: [
      'توقفوا عن مراسلتي', // stop messaging me
      'توقف', // stop
      'قف', // halt
      'إلغاء الاشتراك', // unsubscribe
      'الغاء الاشتراك', // unsubscribe (no hamza)
      'من فضلك توقف', // please stop
      'لا ترسلوا لي رسائل', // don't send me messages
      'لا أريد رسائل بعد الآن', // I don't want messages anymore
      'احذفوا رقمي', // delete my number
      'ما بدي رسايل', // I don't want messages (Levantine)
      'مش عايز رسائل تاني', // I don't want messages again (Egyptian)
      'بطلوا تبعتوا رسائل', // quit sending messages (Egyptian)
      'كفاية رسائل', // enough messages
      'رقم غلط', // wrong number
      'STOP',
      'توقف الآن', // stop now
      'اتركوني في حالي', // leave me alone
      'تَوَقَّفْ', // stop (with harakat)
      '\u200Fتوقف\u200F', // stop (wrapped in RTL marks)
    ],
    notOptOut: [
      'لا تتوقفوا', // don't stop
      'أين موقف الباص؟', // where is the bus stop?
      'هل يمكنني أن أمر على المكتب؟', // can I stop by the office?
      'لا أستطيع التوقف عن التفكير في الانتخابات', // I can't stop thinking about the election
      'متى يتوقف التصويت؟', // when does voting stop?
      'نعم', // yes
      'موقف السيارات قريب؟', // is the parking lot close?
      'توقفت عن العمل، هل يمكنني التصويت؟', // I stopped working, can I vote?
      'خلاص', // done / that's it
    ],
  },
};

test('the table covers every shipped language, with both sides', () => {
  expect(Object.keys(TABLE).sort()).toEqual([...lexicon.keywordLanguages].sort());
  for (const { optOut, notOptOut } of Object.values(TABLE)) {
    expect(optOut.length).toBeGreaterThanOrEqual(12);
    expect(notOptOut.length).toBeGreaterThanOrEqual(8);
  }
});

describe.each(Object.entries(TABLE))('%s', (_language, { optOut, notOptOut }) => {
  test.each(optOut)('%p opts out', (text) => {
    expect(classifyGlobal(text, lexicon)?.keyword).toBe('stop');
  });

  test.each(notOptOut)('%p does not opt out', (text) => {
    expect(classifyGlobal(text, lexicon)?.keyword).not.toBe('stop');
    expect(matchOptOut(text, lexicon)).toBeNull();
  });
});

describe('accents: compared when typed, stripped when not, ambiguous ones ask', () => {
  // Regression (issue 13): "DỪNG" restarted the greeting; stripped, it is also "đúng" ("right").
  test.each([
    ['DỪNG', 'stop'],
    ['dừng', 'stop'],
    ['Dừng!!', 'stop'],
    ['dung', 'ambiguous'],
    ['DUNG', 'ambiguous'],
    ['dung di', 'ambiguous'], // "dừng đi" or "đúng đi", without the marks
    ['đúng', null],
    ['dung lai', 'stop'], // only "dừng lại" strips to this
    ['ngung', 'stop'],
    ['hủy', 'stop'],
    ['huỷ', 'stop'], // the same word with the older tone placement
  ])('%p → %p', (text, kind) => {
    expect(matchOptOut(text, lexicon)?.kind ?? null).toBe(kind);
  });

  test('an ambiguous word is not STOP for the keyword classifier (the engine asks instead)', () => {
    expect(classifyGlobal('dung', lexicon)).toBeNull();
  });
});

describe('the rest of the rules', () => {
  test('every other global keyword stays whole-message only', () => {
    expect(classifyGlobal('HELP', lexicon)?.keyword).toBe('help');
    expect(classifyGlobal('help me register please', lexicon)).toBeNull();
    expect(classifyGlobal('menu please', lexicon)).toBeNull();
    expect(classifyGlobal('I want to talk to an agent', lexicon)).toBeNull();
    expect(classifyGlobal('start over', lexicon)?.keyword).toBe('menu');
  });

  test('the consent ledger records the opt-out words, or the phrase that matched, never the rest of a sentence', () => {
    expect(classifyGlobal('STOP', lexicon)).toEqual({ keyword: 'stop', word: 'STOP' });
    expect(classifyGlobal('please stop!!', lexicon)).toEqual({ keyword: 'stop', word: 'PLEASE STOP' });
    expect(classifyGlobal('This is Maria Lopez, please stop texting me', lexicon)).toEqual({ keyword: 'stop', word: 'STOP TEXT*' });
  });

  test('a phrase counts only in a short message', () => {
    const long = `I have a long story about my polling place and ${'the line was very long '.repeat(5)} so please stop texting me`;
    expect(matchOptOut(long, lexicon)).toBeNull();
    expect(matchOptOut('I already voted so please stop texting me', lexicon)?.kind).toBe('stop');
  });

  test.each([
    ['stpo', 'stop', true],
    ['stopp', 'stop', true],
    ['unsubscibe', 'unsubscribe', true],
    ['unsuscribe', 'unsubscribe', true],
    ['step', 'stop', false], // one changed letter in a short word makes another word
    ['cancer', 'cancel', false],
    ['tsop', 'stop', false], // the first letter stays
    ['end', 'end', false],
  ])('typing slip: %p for %p → %p', (typed, word, slip) => {
    expect(nearMiss(typed, word)).toBe(slip);
  });

  test('words: punctuation, emoji and masked swear words, each Chinese character alone', () => {
    const words = (text: string) => tokenize(text).map((t) => (t.expletive ? `(${t.plain})` : t.plain));
    expect(words("STOP F***ING texting me!!! 🛑")).toEqual(['stop', '(f***ing)', 'texting', 'me']);
    expect(words('Opt-out, don\'t')).toEqual(['opt', 'out', 'dont']);
    expect(words('不要再发了')).toEqual(['不', '要', '再', '发', '了']);
    expect(words('STOOOOP')).toEqual(['stop']);
    expect(words('*stop*')).toEqual(['stop']);
    expect(words('تَوَقَّفْ أرجوك')).toEqual(['توقف', 'ارجوك']);
  });
});
