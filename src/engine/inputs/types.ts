/** Shared types of the input validators. */

/** The validated input types a flow state may ask for. */
export type InputType = 'text' | 'number' | 'us_state' | 'zip' | 'rating' | 'yes_no' | 'email';

/** Every input type, for flow validation. */
export const INPUT_TYPES: readonly InputType[] = [
  'text',
  'number',
  'us_state',
  'zip',
  'rating',
  'yes_no',
  'email',
];

/** What a validator may ask of the conversation: words(key) is the i18n key's comma-separated list in the contact's language, already split, trimmed and normalised (may be []). */
export interface InputContext {
  words: (key: string) => string[];
}

/** A validated, normalised answer, or a rejection. */
export type InputResult = { ok: true; value: string | number } | { ok: false };
