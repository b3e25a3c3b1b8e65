import { maskPhone, normalizePhone } from '../../src/lib/phone';

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
