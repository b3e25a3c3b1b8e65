import { countSegments, isGsm7 } from '../../src/lib/sms-segments';

const a = (n: number) => 'a'.repeat(n);

describe('countSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0],
    ['plain English', 'Reply YES to confirm.', 'GSM-7', 1, 21],
    ['exactly 160', a(160), 'GSM-7', 1, 160],
    ['161 → two parts of 153', a(161), 'GSM-7', 2, 161],
    ['306 = 2 × 153', a(306), 'GSM-7', 2, 306],
    ['307', a(307), 'GSM-7', 3, 307],
    ['newlines and the GSM basic punctuation', 'Hi!\n@£$¥ ¿¡ §_ ΔΩ', 'GSM-7', 1, 17],
    // Extension table: each costs an ESC septet plus itself.
    ['€ counts 2', '€5', 'GSM-7', 1, 3],
    ['every extension char counts 2', '€{}[]~^|\\\f', 'GSM-7', 1, 20],
    ['159 + € = 161 → 2 parts', a(159) + '€', 'GSM-7', 2, 161],
    ['158 + € = 160 → 1 part', a(158) + '€', 'GSM-7', 1, 160],
    // 152 + 2 would straddle the 153 boundary: the ESC pair moves whole into part 2, so
    // 306 septets need 3 parts, not ceil(306 / 153) = 2.
    ['extension char at a part boundary is not split', a(152) + '€' + a(152), 'GSM-7', 3, 306],
    // é è ñ ü à ù ì ò Ä Ö Ñ Ü É Ç are in the GSM 03.38 basic set.
    ['Spanish without á í ó ú stays GSM-7', '¡Hola! ¿Qué tal? Soy el señor Peña.', 'GSM-7', 1, 35],
    ['one á turns the whole message UCS-2', 'Señor, güey, está en él', 'UCS-2', 1, 23],
    ['GSM accents only', 'É è é ñ ü à ù ì ò Ç Ä Ö', 'GSM-7', 1, 23],
    ['Spanish with á → UCS-2', 'Más información', 'UCS-2', 1, 15],
    ['exactly 70 UCS-2', 'á' + a(69), 'UCS-2', 1, 70],
    ['71 UCS-2 → two parts of 67', 'á' + a(70), 'UCS-2', 2, 71],
    ['134 = 2 × 67', 'á' + a(133), 'UCS-2', 2, 134],
    ['Vietnamese', 'Xin chào, bạn có khỏe không?', 'UCS-2', 1, 28],
    ['Chinese', '您好，请回复是或否。', 'UCS-2', 1, 10],
    ['emoji is 2 UTF-16 units', 'Vote 🗳', 'UCS-2', 1, 7],
    ['35 emoji = 70 units → 1 part', '😀'.repeat(35), 'UCS-2', 1, 70],
    ['36 emoji = 72 units → 2 parts', '😀'.repeat(36), 'UCS-2', 2, 72],
    // A surrogate pair at 66/67 is never split: 66 + 2 + 66 = 134 units takes 3 parts.
    ['emoji at a part boundary is not split', 'á' + a(65) + '😀' + a(66), 'UCS-2', 3, 134],
  ] as const)('%s', (_name, text, encoding, segments, units) => {
    expect(countSegments(text)).toEqual({ encoding, segments, units });
  });

  it('treats lower-case ç and the Latin accents á í ó ú â ê as outside GSM-7', () => {
    for (const ch of 'çáíóúâêõã') expect(isGsm7(ch)).toBe(false);
    for (const ch of 'éèùìòàñüäöÇÉÑÜÄÖ') expect(isGsm7(ch)).toBe(true);
  });
});
