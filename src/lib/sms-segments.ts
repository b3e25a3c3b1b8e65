/**
 * SMS segment counting (what a message costs): GSM-7 when every character is in the GSM 03.38
 * default alphabet or its extension table, UCS-2 otherwise. Written here rather than taking
 * `sms-segments-calculator` as a dependency: the rules fit in one page.
 */

/** Result of counting: the encoding a carrier would use, the parts billed, and the units used. */
export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** Number of SMS parts; 0 for empty text (Twilio refuses an empty body anyway). */
  segments: number;
  /** GSM-7: septets (extension characters count 2). UCS-2: UTF-16 code units (an emoji counts 2). */
  units: number;
}

/**
 * GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1), in table order. Note what is and is not
 * there: é è ù ì ò à ñ ü ä ö É Ä Ö Ñ Ü Ç are; á í ó ú ç â ê õ ã are not (they force UCS-2).
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** GSM 03.38 extension table (reached through ESC, so each costs 2 septets): form feed ^ { } \ [ ~ ] | €. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

// Single-part and per-part limits: a concatenated message spends 6 bytes of each part on the
// user data header (48 bits = 7 septets of GSM-7, 3 UCS-2 characters).
const GSM_SINGLE = 160;
const GSM_PART = 153;
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** True when every character of `text` can be sent in GSM-7 (basic set or extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/**
 * Count the SMS segments `text` will be sent as. Pure.
 *
 * A multi-part message is packed character by character: an extension character (ESC + char)
 * and a UTF-16 surrogate pair are never split across two parts, so a 2-unit character that
 * would straddle a boundary starts the next part (as handsets and Twilio's calculator do).
 */
export function countSegments(text: string): SegmentCount {
  const gsm = isGsm7(text);
  const costs: number[] = [];
  // for..of walks code points, so an emoji is one step costing its 2 UTF-16 units.
  for (const ch of text) costs.push(gsm ? (EXTENSION.has(ch) ? 2 : 1) : ch.length);
  const units = costs.reduce((sum, c) => sum + c, 0);
  const single = gsm ? GSM_SINGLE : UCS2_SINGLE;
  const part = gsm ? GSM_PART : UCS2_PART;
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: pack(costs, units, single, part), units };
}

function pack(costs: number[], units: number, single: number, part: number): number {
  if (units === 0) return 0;
  if (units <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** Room left for what interpolation adds ({{org_name}}, a state name) when counting a template. */
export const VARIABLE_ALLOWANCE = 20;

/** Segments of a message template, each `{{variable}}` counted as VARIABLE_ALLOWANCE GSM-7 characters. */
export function templateSegments(text: string): SegmentCount {
  return countSegments(text.replace(/\{\{[^}]*\}\}/g, 'x'.repeat(VARIABLE_ALLOWANCE)));
}
