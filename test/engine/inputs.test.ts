/** Input validators: tables of valid answers, invalid answers and near misses per type. */
import { INPUT_TYPES, normalizeWords, validateInput } from '../../src/engine/inputs';
import type { InputContext, InputType } from '../../src/engine/inputs';

const LISTS: Record<string, Record<string, string>> = {
  en: {
    'common.yes_words': 'yes,y,yeah,yep,sure,ok',
    'common.no_words': 'no,n,nope,nah',
    'common.number_words': 'one,two,three,four,five,six,seven,eight,nine,ten',
  },
  es: {
    'common.yes_words': 'si,sí,s,claro,ok,vale',
    'common.no_words': 'no,n,nop,para nada',
    'common.number_words': 'uno,dos,tres,cuatro,cinco,seis,siete,ocho,nueve,diez',
  },
};

const ctxFor = (lang: string): InputContext => ({
  words: (key) => (LISTS[lang][key] ?? '').split(',').map(normalizeWords).filter(Boolean),
});
const en = ctxFor('en');
const es = ctxFor('es');

type Case = [input: string, expected: string | number | null, ctx?: InputContext];

function table(type: InputType, cases: Case[]): void {
  describe(type, () => {
    // Rest parameters keep the callback's arity at 0: jest.each would take a third declared
    // parameter on a two-element row for a `done` callback and wait for it until the timeout.
    test.each(cases)('%j → %j', (...[input, expected, ctx]: Case) => {
      const result = validateInput(type, input, ctx ?? en);
      expect(result).toEqual(expected === null ? { ok: false } : { ok: true, value: expected });
    });
  });
}

describe('normalizeWords', () => {
  test.each([
    ['  Sí ', 'si'],
    ['¿MENÚ?', 'menu'],
    ['¡Ayuda!', 'ayuda'],
    ['stop.', 'stop'],
    ['START   over', 'start over'],
    ['「帮助」。', '帮助'],
    ['帮助！', '帮助'],
    ['Nuevo   México', 'nuevo mexico'],
    ['Ñandú', 'nandu'],
    ['stop by tomorrow?', 'stop by tomorrow'],
    ['', ''],
    ['?!', ''],
  ])('%j → %j', (input, expected) => expect(normalizeWords(input)).toBe(expected));
});

test('INPUT_TYPES lists every type once', () => {
  expect([...INPUT_TYPES].sort()).toEqual(['email', 'number', 'rating', 'text', 'us_state', 'yes_no', 'zip']);
});

table('us_state', [
  ['CA', 'CA'],
  ['ca', 'CA'],
  [' Ca. ', 'CA'],
  ['california', 'CA'],
  ['CALIFORNIA', 'CA'],
  ['New York', 'NY'],
  ['new   york', 'NY'],
  ['Nueva York', 'NY'],
  ['Carolina del Norte', 'NC'],
  ['carolina del sur', 'SC'],
  ['Luisiana', 'LA'],
  ['Pensilvania', 'PA'],
  ['Misuri', 'MO'],
  ['Nuevo México', 'NM'],
  ['nuevo mexico', 'NM'],
  ['Hawái', 'HI'],
  ["Hawai'i", 'HI'],
  ['Distrito de Columbia', 'DC'],
  ['D.C.', 'DC'],
  ['Washington DC', 'DC'],
  ['Washington', 'WA'],
  ['West Virginia', 'WV'],
  ['Virginia', 'VA'],
  ['Puerto Rico', 'PR'],
  ['pr', 'PR'],
  ['Guam', 'GU'],
  ['VI', 'VI'],
  ['Islas Vírgenes', 'VI'],
  ['American Samoa', 'AS'],
  ['Samoa Americana', 'AS'],
  ['MP', 'MP'],
  ['Northern Mariana Islands', 'MP'],
  ['wy', 'WY'],
  ['Texas!', 'TX'],
  ['Narnia', null],
  ['', null],
  ['   ', null],
  ['XX', null],
  ['C A L', null],
  ['Californ', null],
  ['New Yorkk', null],
  ['Carolina', null],
  ['Dakota', null],
  ['Mexico', null],
  ['94110', null],
  ['I live in California', null],
]);

table('zip', [
  ['94110', '94110'],
  [' 94110 ', '94110'],
  ['94110-1234', '94110'],
  ['941101234', '94110'],
  ['94110 1234', '94110'],
  ['00501', '00501'],
  ['00000', null],
  ['00000-1234', null],
  ['9411', null],
  ['941100', null],
  ['94110-123', null],
  ['94110--1234', null],
  ['9411O', null],
  ['ZIP 94110', null],
  ['', null],
]);

table('rating', [
  ['1', 1],
  ['5', 5],
  [' 3 ', 3],
  ['4.', 4],
  ['four', 4],
  ['Five', 5],
  ['cuatro', 4, es],
  ['UNO', 1, es],
  ['⭐⭐⭐', 3],
  ['⭐️⭐️', 2],
  ['***', 3],
  ['* * * * *', 5],
  ['★', 1],
  ['0', null],
  ['6', null],
  ['10', null],
  ['six', null],
  ['seis', null, es],
  ['cuatro', null, en],
  ['⭐⭐⭐⭐⭐⭐', null],
  ['3.5', null],
  ['-1', null],
  ['', null],
  ['great', null],
]);

table('yes_no', [
  ['yes', 'yes'],
  ['Y', 'yes'],
  ['Yeah!', 'yes'],
  ['no', 'no'],
  ['N', 'no'],
  ['nope.', 'no'],
  ['sí', 'yes', es],
  ['SI', 'yes', es],
  ['Claro', 'yes', es],
  ['no', 'no', es],
  ['para nada', 'no', es],
  ['si', null, en],
  ['yes please', null],
  ['maybe', null],
  ['', null],
  ['nein', null],
]);

table('text', [
  ['hello', 'hello'],
  ['  Keep My Case  ', 'Keep My Case'],
  ['¿Dónde voto?', '¿Dónde voto?'],
  ['x'.repeat(1000), 'x'.repeat(1000)],
  ['😀'.repeat(1000), '😀'.repeat(1000)],
  ['x'.repeat(1001), null],
  ['', null],
  ['   \n\t ', null],
]);

table('number', [
  ['42', 42],
  [' 7 ', 7],
  ['0', 0],
  ['-3', -3],
  ['+8', 8],
  ['3.5', null],
  ['3.0', null],
  ['1,000', null],
  ['1e3', null],
  ['seven', null],
  ['', null],
  ['- 3', null],
]);

table('email', [
  ['Ana@Example.org', 'ana@example.org'],
  [' first.last+tag@mail.co.uk ', 'first.last+tag@mail.co.uk'],
  ['a@b.io', 'a@b.io'],
  ['ana@example', null],
  ['ana@@example.org', null],
  ['ana example@x.org', null],
  ['@example.org', null],
  ['ana@.org', null],
  ['.ana@example.org', null],
  ['an..a@example.org', null],
  ['ana@example.c', null],
  ['ana@-x.org', null],
  ['', null],
]);

test('an unknown type is rejected, not thrown', () => {
  expect(validateInput('colour' as InputType, 'red', en)).toEqual({ ok: false });
});

describe('digits and scripts from every keyboard', () => {
  it('reads Arabic-Indic, Persian and full-width digits as 0-9 in numeric inputs', () => {
    expect(validateInput('zip', '٣٠٣٠١', ctxFor('ar'))).toEqual({ ok: true, value: '30301' });
    expect(validateInput('zip', '３０３０１', ctxFor('ar'))).toEqual({ ok: true, value: '30301' });
    expect(validateInput('rating', '٥', ctxFor('ar'))).toEqual({ ok: true, value: 5 });
    expect(validateInput('number', '۱۲', ctxFor('ar'))).toEqual({ ok: true, value: 12 });
  });

  it('normalises for matching without splitting Hangul, dropping tatweel and harakat', () => {
    expect(normalizeWords('３')).toBe('3');
    expect(normalizeWords('٢')).toBe('2');
    expect(normalizeWords('수신거부')).toBe('수신거부');
    expect(normalizeWords('توقــف')).toBe('توقف');
    expect(normalizeWords('إِلْغاء')).toBe('الغاء');
    expect(normalizeWords('ＳＴＯＰ!')).toBe('stop');
    expect(normalizeWords('Hủy đăng ký')).toBe('huy đang ky');
    expect(normalizeWords('\u200Fتوقف\u200F')).toBe('توقف');
    expect(normalizeWords('\u2067STOP\u2069')).toBe('stop');
  });
});
