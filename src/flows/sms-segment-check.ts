import { templateSegments } from '../lib/sms-segments';
import type { TextCheck } from './check';

/**
 * A flows-check warning for texts that would take more than `budget` SMS segments in a language
 * (each segment is billed; long messages also read badly on a phone). Word lists are skipped.
 */
export function smsSegmentCheck(budget: number): TextCheck {
  return (language, key, text) => {
    if (key.startsWith('keywords.') || key.endsWith('_words')) return null;
    const { segments, encoding } = templateSegments(text);
    return segments > budget ? `text "${key}" takes ${segments} SMS segments (${encoding}) in "${language}", over the budget of ${budget}` : null;
  };
}
