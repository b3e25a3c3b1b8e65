/** us_state names: every language's names, one code per squashed name, spelling variants. */
import { validateUsState, squashStateName } from '../../src/engine/inputs/us-state';
import { US_STATE_NAMES, US_STATE_NAMES_BY_LANGUAGE } from '../../src/engine/inputs/us-state-names';

type Case = [input: string, expected: string | null];

function cases(title: string, rows: Case[]): void {
  describe(title, () => {
    // Rest parameters keep the callback's arity at 0 (see inputs.test.ts).
    test.each(rows)('%j → %j', (...[input, expected]: Case) => {
      expect(validateUsState(input)).toEqual(expected === null ? { ok: false } : { ok: true, value: expected });
    });
  });
}

describe('the name table', () => {
  test('no squashed name or postal code belongs to two codes', () => {
    const owners = new Map<string, Set<string>>();
    const own = (key: string, code: string) => owners.set(key, (owners.get(key) ?? new Set()).add(code));
    for (const [code, names] of Object.entries(US_STATE_NAMES)) {
      own(code.toLowerCase(), code);
      for (const name of names) own(squashStateName(name), code);
    }
    const shared = [...owners].filter(([, codes]) => codes.size > 1).map(([key, codes]) => `${key}: ${[...codes].join(', ')}`);
    expect(shared).toEqual([]);
  });

  test('every name and postal code finds its own code', () => {
    for (const [code, names] of Object.entries(US_STATE_NAMES)) {
      expect([code, validateUsState(code)]).toEqual([code, { ok: true, value: code }]);
      for (const name of names) expect([name, validateUsState(name)]).toEqual([name, { ok: true, value: code }]);
    }
  });

  test('no name squashes to nothing', () => {
    for (const names of Object.values(US_STATE_NAMES)) for (const name of names) expect([name, squashStateName(name)]).not.toEqual([name, '']);
  });

  test('every state and territory has English, Chinese, Korean and Arabic names', () => {
    expect(Object.keys(US_STATE_NAMES_BY_LANGUAGE)).toHaveLength(56);
    for (const [code, names] of Object.entries(US_STATE_NAMES_BY_LANGUAGE)) {
      for (const lang of ['en', 'zh', 'ko', 'ar'] as const) expect([code, lang, names[lang].length > 0]).toEqual([code, lang, true]);
    }
  });

  test('US_STATE_NAMES lists English first and each name once', () => {
    for (const [code, names] of Object.entries(US_STATE_NAMES)) {
      expect(names[0]).toBe(US_STATE_NAMES_BY_LANGUAGE[code].en[0]);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});

cases('English and Spanish (unchanged)', [
  ['California', 'CA'],
  ['texas', 'TX'],
  ['Tejas', 'TX'],
  ['New York', 'NY'],
  ['Nueva York', 'NY'],
  ['Hawaii', 'HI'],
  ['Hawái', 'HI'],
  ['Washington', 'WA'],
  ['Washington State', 'WA'],
  ['Washington DC', 'DC'],
  ['Distrito de Columbia', 'DC'],
  ['Carolina del Norte', 'NC'],
  ['West Virginia', 'WV'],
  ['Virginia', 'VA'],
  ['tx', 'TX'],
]);

cases('Chinese', [
  ['加利福尼亚州', 'CA'],
  ['加利福尼亚', 'CA'],
  ['加州', 'CA'],
  ['加利福尼亞州', 'CA'],
  ['德克萨斯州', 'TX'],
  ['得克萨斯', 'TX'],
  ['德州', 'TX'],
  ['德克薩斯州', 'TX'],
  ['纽约州', 'NY'],
  ['纽约', 'NY'],
  ['紐約', 'NY'],
  ['华盛顿特区', 'DC'],
  ['華盛頓特區', 'DC'],
  ['华府', 'DC'],
  ['华盛顿 DC', 'DC'],
  ['华盛顿', 'WA'],
  ['华盛顿州', 'WA'],
  ['夏威夷州', 'HI'],
  ['夏威夷', 'HI'],
  ['佛罗里达州', 'FL'],
  ['佛州', 'FL'],
  ['麻省', 'MA'],
  ['马州', 'MD'],
  ['维州', 'VA'],
  ['西弗吉尼亚州', 'WV'],
  ['宾州', 'PA'],
  ['北卡', 'NC'],
  ['南卡罗来纳州', 'SC'],
  ['紐澤西', 'NJ'],
  ['关岛', 'GU'],
  ['波多黎各', 'PR'],
  // Short forms several states share are not guesses.
  ['俄州', null],
  ['密州', null],
  ['新州', null],
  ['州', null],
  ['墨西哥', null],
]);

cases('Korean', [
  ['캘리포니아', 'CA'],
  ['캘리포니아주', 'CA'],
  ['캘리포니아 주', 'CA'],
  ['텍사스', 'TX'],
  ['텍사스주', 'TX'],
  ['뉴욕', 'NY'],
  ['뉴욕주', 'NY'],
  ['워싱턴 D.C.', 'DC'],
  ['워싱턴DC', 'DC'],
  ['워싱턴 디시', 'DC'],
  ['워싱턴', 'WA'],
  ['워싱턴주', 'WA'],
  ['하와이', 'HI'],
  ['하와이주', 'HI'],
  ['노스캐롤라이나', 'NC'],
  ['웨스트버지니아주', 'WV'],
  ['괌', 'GU'],
  ['주', null],
]);

cases('Vietnamese', [
  ['Cali', 'CA'],
  ['Ca-li', 'CA'],
  ['ca li', 'CA'],
  ['Ca-li-phoóc-ni-a', 'CA'],
  ['Texas', 'TX'],
  ['New York', 'NY'],
  ['Nữu Ước', 'NY'],
  ['Hoa Thịnh Đốn', 'DC'],
  ['Hoa Thinh Don', 'DC'],
  ['Đặc khu Columbia', 'DC'],
  ['Tiểu bang Washington', 'WA'],
  ['Hạ Uy Di', 'HI'],
  ['Hawaii', 'HI'],
  ['Bắc Carolina', 'NC'],
  ['Nam Dakota', 'SD'],
  ['Tây Virginia', 'WV'],
  ['Quần đảo Virgin thuộc Mỹ', 'VI'],
  ['quan dao virgin thuoc my', 'VI'],
]);

cases('Tagalog', [
  ['Kalipornya', 'CA'],
  ['California', 'CA'],
  ['Teksas', 'TX'],
  ['Texas', 'TX'],
  ['New York', 'NY'],
  ['Bagong York', 'NY'],
  ['Distrito ng Columbia', 'DC'],
  ['Hawaii', 'HI'],
  ['Hilagang Carolina', 'NC'],
  ['Timog Dakota', 'SD'],
  ['Kanlurang Virginia', 'WV'],
  ['Puwerto Riko', 'PR'],
]);

cases('Arabic', [
  ['كاليفورنيا', 'CA'],
  ['ولاية كاليفورنيا', 'CA'],
  ['تكساس', 'TX'],
  ['ولاية تكساس', 'TX'],
  ['ولايه تكساس', 'TX'],
  ['نيويورك', 'NY'],
  ['ولاية نيويورك', 'NY'],
  ['واشنطن العاصمة', 'DC'],
  ['واشنطن دي سي', 'DC'],
  ['واشنطن', 'WA'],
  ['ولاية واشنطن', 'WA'],
  ['هاواي', 'HI'],
  ['فلوريدا', 'FL'],
  ['كنتاكى', 'KY'],
  ['آيوا', 'IA'],
  ['أيوا', 'IA'],
  ['ايوا', 'IA'],
  ['كارولاينا الشمالية', 'NC'],
  ['فرجينيا الغربية', 'WV'],
  ['تـكـسـاس', 'TX'],
  ['كَالِيفُورْنِيَا', 'CA'],
  ['ولاية', null],
  ['مين', null],
]);

cases('spacing and punctuation', [
  ['D.C.', 'DC'],
  ["Hawai'i", 'HI'],
  ['  加州。', 'CA'],
  ['「纽约」', 'NY'],
  ['加 州', 'CA'],
  ['ＣＡ', 'CA'],
  ['캘리포니아!', 'CA'],
  ['تكساس؟', 'TX'],
  ['N.Y.', 'NY'],
  ['new-york', 'NY'],
  ['C A L', null],
  ['Californ', null],
  ['I live in California', null],
  ['我住在加州', null],
  ['', null],
  ['。', null],
]);
