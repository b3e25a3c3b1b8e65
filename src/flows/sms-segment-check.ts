import { templateSegments } from '../lib/sms-segments';
import type { TextCheck } from './check';

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
