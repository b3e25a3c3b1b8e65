import { maskPhone, normalizePhone, phoneCacheSizes, PHONE_CACHE_SIZE } from '../../src/lib/phone';

describe('normalizePhone', () => {
  it.each([
    ['(212) 555-0123', undefined, '+12125550123'],
    ['212.555.0123', undefined, '+12125550123'],
    ['1 212 555 0123', undefined, '+12125550123'],
    ['+1 212-555-0123', undefined, '+12125550123'],
    ['tel:+12135550199', undefined, '+12135550199'],
    ['  +44 7911 123456 ', undefined, '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['+52 55 1234 5678', undefined, '+525512345678'],
    ['0912 345 678', 'VN', '+84912345678'],
    ['(787) 555-0100', undefined, '+17875550100'],
  ] as const)('%s (%s) → %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'hello',
    '123',
    // 555 is not an assigned area code.
    '+1 555 555 0123',
    // North American numbers cannot start with 0 or 1 after the country code.
    '+1 012 555 0123',
    '+12125550123456789',
  ])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('maskPhone', () => {
  it.each([
    ['+12125550123', '+1******0123'],
    ['+447911123456', '+44******3456'],
    ['+525512345678', '+52******5678'],
    ['+84912345678', '+84*****5678'],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('keeps only the last 4 digits of something that does not parse', () => {
    expect(maskPhone('5550123')).toBe('***0123');
    expect(maskPhone('12')).toBe('**');
  });
});

describe('the cache of parsed numbers', () => {
  it('gives the same answers again, per default country, and stays bounded', () => {
    for (let round = 0; round < 2; round++) {
      expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
      expect(normalizePhone('07911 123456')).toBeNull(); // the same text read as a US number
      expect(normalizePhone('(212) 555-0123')).toBe('+12125550123');
      expect(normalizePhone('hello')).toBeNull();
      expect(maskPhone('+12125550123')).toBe('+1******0123');
    }
    for (let i = 0; i < PHONE_CACHE_SIZE + 50; i++) {
      const n = `+1212${String(2_000_000 + i)}`;
      expect(normalizePhone(n)).toBe(n);
      maskPhone(n);
    }
    expect(phoneCacheSizes()).toEqual({ normalized: PHONE_CACHE_SIZE, masked: PHONE_CACHE_SIZE });
    // Recently used answers stayed; the oldest went, and come back the same.
    expect(normalizePhone(`+1212${String(2_000_000 + PHONE_CACHE_SIZE + 49)}`)).toBe(`+1212${String(2_000_000 + PHONE_CACHE_SIZE + 49)}`);
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
    expect(phoneCacheSizes().normalized).toBe(PHONE_CACHE_SIZE);
  });
});
