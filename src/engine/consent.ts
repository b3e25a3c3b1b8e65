/** The texts about consent the engine says, and which of them still reach a person who opted out. */

/** The answer to HELP from a person who opted out: who is writing and how to opt back in. */
export const HELP_OPTED_OUT_KEY = 'system.help_opted_out';

/** The question asked when a message is an opt-out word only with its accents left off, and also an everyday word ("dung"). */
export const STOP_CONFIRM_KEY = 'system.stop_confirm';

/**
 * Replies that are delivered even though the person has opted out (src/runtime/deliver.ts lets
 * messages of kind 'consent' through): the opt-out confirmation itself, and the HELP answer.
 * The one place this rule lives; the runner marks replies with these keys as 'consent'.
 */
export const CONSENT_REPLY_KEYS: ReadonlySet<string> = new Set(['system.opted_out', HELP_OPTED_OUT_KEY]);
