/**
 * The texts of shift messages, rendered from locales/<lang>/slack.json (Slack) and
 * locales/<lang>/shifts.json (SMS). Volunteer messages that go through a channel adapter are plain
 * text with choices (the Slack adapter escapes and turns the choices into buttons); the Slack UI
 * adds its own markup around the same texts. SMS has no buttons: its texts say what to reply
 * (src/shifts/sms-answers.ts reads the answers).
 */
import type { OutboundMessage } from '../engine/types';
import type { Translator } from '../i18n/translator';
import type { Shift } from './tables';
import { formatMoment, formatShiftTime } from './time';

/** Button values of shift messages: `shift:<verb>:<signupId>[:<n>]`. */
export const SHIFT_CHOICE_PREFIX = 'shift:';
export type ShiftVerb = 'confirm' | 'drop' | 'accept' | 'pass' | 'rate';

export function shiftChoice(verb: ShiftVerb, signupId: string, n?: number): string {
  return `${SHIFT_CHOICE_PREFIX}${verb}:${signupId}${n !== undefined ? `:${n}` : ''}`;
}

/** Reads a shift button value; undefined when it is not one. */
export function parseShiftChoice(value: string): { verb: ShiftVerb; signupId: string; n?: number } | undefined {
  const m = /^shift:(confirm|drop|accept|pass|rate):(\d{1,18})(?::([1-5]))?$/.exec(value);
  if (!m) return undefined;
  return { verb: m[1] as ShiftVerb, signupId: m[2], ...(m[3] ? { n: Number(m[3]) } : {}) };
}

/** The variables every shift text may use. `escape` is applied to what organizers typed. */
export function shiftVars(t: Translator, shift: Shift, language: string, escape: (s: string) => string = (s) => s): Record<string, string> {
  return {
    title: escape(shift.title),
    location: escape(shift.location || '—'),
    when: formatShiftTime(shift.starts_at, shift.ends_at, shift.timezone, language),
    kind: t.t(language, `slack.shifts.kind.${shift.kind}`),
  };
}

/** The reminder: on Slack with Confirm / Can't make it; by SMS one text saying to reply 1 or 2. */
export function reminderMessage(t: Translator, language: string, channel: 'slack' | 'sms', shift: Shift, signupId: string, orgName: string): OutboundMessage {
  const vars = shiftVars(t, shift, language);
  if (channel === 'sms') return smsText(t, language, 'reminder', { ...vars, org_name: orgName });
  const key = 'slack.reminder.text';
  return {
    text: t.t(language, key, vars),
    key,
    vars,
    choices: [
      { value: shiftChoice('confirm', signupId), label: t.t(language, 'slack.reminder.confirm') },
      { value: shiftChoice('drop', signupId), label: t.t(language, 'slack.reminder.drop') },
    ],
  };
}

/** A freed spot offered to the first on the waitlist, open until `until`: Take it / Pass (by SMS: reply 1 or 2). */
export function offerMessage(t: Translator, language: string, channel: 'slack' | 'sms', shift: Shift, signupId: string, orgName: string, until: Date): OutboundMessage {
  const vars = { ...shiftVars(t, shift, language), until: formatMoment(until, shift.timezone, language) };
  if (channel === 'sms') return smsText(t, language, 'offer', { ...vars, org_name: orgName });
  const key = 'slack.offer.text';
  return {
    text: `${t.t(language, key, vars)}\n${t.t(language, 'slack.offer.until', vars)}`,
    key,
    vars,
    choices: [
      { value: shiftChoice('accept', signupId), label: t.t(language, 'slack.offer.accept') },
      { value: shiftChoice('pass', signupId), label: t.t(language, 'slack.offer.pass') },
    ],
  };
}

/** The after-shift question: a rating 1-5 (on Slack a comment is offered once they rated; by SMS it may follow the number). */
export function feedbackMessage(t: Translator, language: string, channel: 'slack' | 'sms', shift: Shift, signupId: string, orgName: string): OutboundMessage {
  const vars = shiftVars(t, shift, language);
  if (channel === 'sms') return smsText(t, language, 'feedback', { ...vars, org_name: orgName });
  const key = 'slack.feedback.ask';
  return {
    text: t.t(language, key, vars),
    key,
    vars,
    choices: [1, 2, 3, 4, 5].map((n) => ({ value: shiftChoice('rate', signupId, n), label: t.t(language, `slack.feedback.r${n}`) })),
  };
}

/** A volunteer's SMS text `shifts.sms.<name>`: plain, no choices (what to reply is in the words). */
export function smsText(t: Translator, language: string, name: string, vars: Record<string, string | number> = {}): OutboundMessage {
  const key = `shifts.sms.${name}`;
  return { text: t.t(language, key, vars), key, ...(Object.keys(vars).length ? { vars } : {}) };
}
