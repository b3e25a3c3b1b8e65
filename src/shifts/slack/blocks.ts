/**
 * Block Kit for shifts: the list (slash command answer and Home tab), the "new shift" modal and
 * the feedback comment modal. Pure: data in, blocks out, every word from locales/<lang>/slack.json.
 */
import type { types } from '@slack/bolt';
import type { Translator } from '../../i18n/translator';
import { SHIFT_KINDS, type Signup } from '../tables';
import type { ShiftSummary } from '../store';
import { shiftVars } from '../texts';
import { clip, escapeMrkdwn } from '../../channels/slack/mrkdwn';
import type { Block } from '../../channels/slack/render';

export const ACTION = {
  signUp: 'shift_signup',
  waitlist: 'shift_waitlist',
  cancel: 'shift_cancel',
  leaveWaitlist: 'shift_leave_waitlist',
  newShift: 'shift_new_open',
  language: 'shift_language',
  comment: 'shift_feedback_comment',
} as const;

export const VIEW = { newShift: 'shift_new', feedback: 'shift_feedback' } as const;

/** Slack allows 50 blocks in a message and 100 in a Home tab. */
const MAX_IN_MESSAGE = 20;
const MAX_IN_HOME = 40;

type T = (key: string, vars?: Record<string, string | number>) => string;

function tr(translator: Translator, language: string): T {
  return (key, vars) => translator.t(language, `slack.${key}`, vars);
}

function plain(text: string, max = 75) {
  return { type: 'plain_text' as const, text: clip(text, max), emoji: true };
}

function button(text: string, action_id: string, value: string, style?: 'primary' | 'danger') {
  return { type: 'button', text: plain(text), action_id, value, ...(style ? { style } : {}) };
}

/** One shift: what, where, when, spots; and the button for this volunteer. */
export function shiftBlock(translator: Translator, language: string, shift: ShiftSummary, mine: Signup | undefined): Block {
  const t = tr(translator, language);
  const vars = shiftVars(translator, shift, language, escapeMrkdwn);
  const spots = shift.spotsLeft > 0 ? t('shifts.spots_left', { left: shift.spotsLeft, capacity: shift.capacity }) : t('shifts.full', { waiting: shift.waiting });
  let status = '';
  let accessory;
  if (mine?.status === 'active') {
    status = `\n${t('shifts.you_are_in')}`;
    accessory = button(t('shifts.cancel'), ACTION.cancel, mine.id, 'danger');
  } else if (mine?.status === 'offered') {
    status = `\n${t('shifts.you_offered')}`;
    accessory = button(t('shifts.cancel'), ACTION.cancel, mine.id, 'danger');
  } else if (mine?.status === 'waitlist') {
    status = `\n${t('shifts.you_wait')}`;
    accessory = button(t('shifts.leave_waitlist'), ACTION.leaveWaitlist, mine.id);
  } else if (shift.spotsLeft > 0) {
    accessory = button(t('shifts.sign_up'), ACTION.signUp, shift.id, 'primary');
  } else {
    accessory = button(t('shifts.join_waitlist'), ACTION.waitlist, shift.id);
  }
  const text = t('shifts.line', { ...vars, spots }) + status;
  return { type: 'section', block_id: `shift_${shift.id}`, text: { type: 'mrkdwn', text: clip(text, 3000) }, accessory };
}

export interface ListOptions {
  /** A line on top saying what just happened ("You're signed up for ..."). */
  notice?: string;
  home?: boolean;
  organizer?: boolean;
}

/** The list of upcoming shifts for one volunteer. */
export function shiftListBlocks(translator: Translator, language: string, shifts: ShiftSummary[], mine: Map<string, Signup>, opts: ListOptions = {}): Block[] {
  const t = tr(translator, language);
  const blocks: Block[] = [];
  if (opts.notice) blocks.push({ type: 'section', block_id: 'notice', text: { type: 'mrkdwn', text: clip(opts.notice, 3000) } });
  blocks.push({ type: 'header', text: plain(t('shifts.title'), 150) });
  if (opts.organizer) blocks.push({ type: 'actions', block_id: 'organizer', elements: [button(t('shifts.new_shift'), ACTION.newShift, 'new', 'primary')] });
  const shown = shifts.slice(0, opts.home ? MAX_IN_HOME : MAX_IN_MESSAGE);
  if (shown.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t('shifts.none') } });
  for (const s of shown) blocks.push(shiftBlock(translator, language, s, mine.get(s.id)));
  if (shifts.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t('shifts.more', { count: shifts.length - shown.length }) }] });
  return blocks;
}

/** The Home tab: the list, and the language the volunteer wants their messages in. */
export function homeView(translator: Translator, language: string, shifts: ShiftSummary[], mine: Map<string, Signup>, opts: ListOptions = {}) {
  const t = tr(translator, language);
  const options = translator.languages.map((code) => ({ text: plain(translator.has(code, 'language.native_name') ? translator.t(code, 'language.native_name') : code), value: code }));
  const current = options.find((o) => o.value === language);
  const blocks: Block[] = [
    ...shiftListBlocks(translator, language, shifts, mine, { ...opts, home: true }),
    { type: 'divider' },
    {
      type: 'section',
      block_id: 'language',
      text: { type: 'mrkdwn', text: t('shifts.language_label') },
      accessory: { type: 'static_select', action_id: ACTION.language, options, ...(current ? { initial_option: current } : {}) },
    },
  ];
  return { type: 'home' as const, blocks };
}

/** The "new shift" modal (times in the organizer's zone, named in the hint). */
export function newShiftModal(translator: Translator, language: string, timeZone: string, today: string): types.ModalView {
  const t = tr(translator, language);
  const input = (block_id: string, label: string, element: Record<string, unknown>, optional = false, hint?: string): Block => ({
    type: 'input',
    block_id,
    label: plain(label, 2000),
    element: { action_id: 'value', ...element },
    ...(optional ? { optional: true } : {}),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
  });
  return {
    type: 'modal' as const,
    callback_id: VIEW.newShift,
    title: plain(t('modal.title'), 24),
    submit: plain(t('modal.submit'), 24),
    close: plain(t('modal.cancel'), 24),
    blocks: [
      input('title', t('modal.title_label'), { type: 'plain_text_input', max_length: 150 }),
      input('kind', t('modal.kind_label'), {
        type: 'static_select',
        options: SHIFT_KINDS.map((k) => ({ text: plain(t(`shifts.kind.${k}`)), value: k })),
        initial_option: { text: plain(t('shifts.kind.canvass')), value: 'canvass' },
      }),
      input('location', t('modal.location_label'), { type: 'plain_text_input', max_length: 300 }),
      input('date', t('modal.date_label'), { type: 'datepicker', initial_date: today }),
      input('start', t('modal.start_label'), { type: 'timepicker', initial_time: '09:00' }, false, t('modal.zone_hint', { zone: timeZone })),
      input('end', t('modal.end_label'), { type: 'timepicker', initial_time: '12:00' }),
      input('capacity', t('modal.capacity_label'), { type: 'number_input', is_decimal_allowed: false, min_value: '1', max_value: '10000', initial_value: '10' }),
      input('channel', t('modal.channel_label'), { type: 'conversations_select', filter: { include: ['public', 'private'], exclude_bot_users: true } }, true, t('modal.channel_hint')),
      input('notes', t('modal.notes_label'), { type: 'plain_text_input', multiline: true, max_length: 2000 }, true),
    ],
  };
}

/** The optional comment after a rating. */
export function feedbackModal(translator: Translator, language: string, signupId: string): types.ModalView {
  const t = tr(translator, language);
  return {
    type: 'modal' as const,
    callback_id: VIEW.feedback,
    private_metadata: signupId,
    title: plain(t('feedback.modal_title'), 24),
    submit: plain(t('feedback.submit'), 24),
    close: plain(t('modal.cancel'), 24),
    blocks: [{ type: 'input', block_id: 'comment', label: plain(t('feedback.comment_label'), 2000), element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 } }],
  };
}
