/**
 * Masks personal data inside free text: phone numbers in every common format and e-mail
 * addresses. For text nobody chose to log or store, such as a provider's error message quoting the
 * number it refused ("The 'To' number +12125550123 is not a valid phone number"), before it goes
 * into a log line, a failed job in Redis or an exception.
 *
 * A phone number keeps its last 4 digits (as maskPhone does), so an operator can still tell two
 * failures apart; every other digit becomes '*'. Numbers inside identifiers (UUIDs, job ids,
 * timestamps, dates) are left alone: a match may not touch a letter, digit, '-', '.' or ':'
 * it does not include.
 */

/** Keeps the last 4 digits of a matched number and its punctuation; every other digit becomes '*'. */
function maskDigits(match: string): string {
  let keep = 4;
  let out = '';
  for (let i = match.length - 1; i >= 0; i--) {
    const c = match[i];
    if (c >= '0' && c <= '9') out = (keep-- > 0 ? c : '*') + out;
    else out = c + out;
  }
  return out;
}

// Before and after a number: not part of a word, an id or a decimal (\w, '-', '.', ':' and '/').
const B = String.raw`(?<![\w.:/-])`;
const A = String.raw`(?![\w:/-]|\.\d)`;

const PATTERNS: RegExp[] = [
  // International, as written: +12125550123, +1 (212) 555-0123, +44 7911 123456, +33 1 23 45 67 89.
  new RegExp(String.raw`(?<![\w+])\+\d(?:[ .()-]{0,2}\d){7,14}${A}`, 'g'),
  // North American national: (212) 555-0123, (212)555-0123, 212-555-0123, 212.555.0123, 212 555 0123, 1-212-555-0123.
  new RegExp(String.raw`${B}(?:1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}${A}`, 'g'),
  // Only digits: 2125550123, 12125550123 (area code and exchange start 2-9).
  new RegExp(String.raw`${B}1?[2-9]\d{2}[2-9]\d{6}${A}`, 'g'),
  // A local number without area code: 555-0123.
  new RegExp(String.raw`${B}\d{3}-\d{4}${A}`, 'g'),
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** The text with every phone number masked (last 4 digits kept) and every e-mail address replaced. */
export function scrubPersonal(text: string): string {
  let out = text.replace(EMAIL, '[email]');
  for (const pattern of PATTERNS) out = out.replace(pattern, maskDigits);
  return out;
}
