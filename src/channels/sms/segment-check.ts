import type { TextCheck } from '../../engine/check';
import { countSegments, type SegmentCount } from './segments';

/** Room left for what interpolation adds ({{org_name}}, a state name) when counting a template. */
export const VARIABLE_ALLOWANCE = 20;

/** Segments of a message template, each `{{variable}}` counted as VARIABLE_ALLOWANCE GSM-7 characters. */
export function templateSegments(text: string): SegmentCount {
  return countSegments(text.replace(/\{\{[^}]*\}\}/g, 'x'.repeat(VARIABLE_ALLOWANCE)));
}

/**
 * A flows-check warning for texts that would take more than `budget` SMS segments in a language
 * (each segment is billed; long messages also read badly on a phone). `isSmsText` says which texts
 * are sent by SMS at all (src/i18n/segment-table.ts: not word lists, example questions or Slack's
 * own texts); by default only word lists are skipped.
 */
export function smsSegmentCheck(budget: number, isSmsText: (key: string) => boolean = (key) => !key.startsWith('keywords.') && !key.endsWith('_words')): TextCheck {
  return (language, key, text) => {
    if (!isSmsText(key)) return null;
    const { segments, encoding } = templateSegments(text);
    return segments > budget ? `text "${key}" takes ${segments} SMS segments (${encoding}) in "${language}", over the budget of ${budget}` : null;
  };
}
