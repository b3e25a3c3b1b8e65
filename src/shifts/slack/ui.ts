/**
 * Shifts in Slack: the /shifts slash command (list, new, language, help), the Home tab, the
 * Sign up / Cancel / waitlist buttons, the "new shift" modal for organizers, and the buttons of
 * the messages the shifts module sends (reminder Confirm / Can't make it, offer Take / Pass,
 * feedback 1-5). Every listener acks first, within Slack's 3 seconds, except where the answer
 * travels in the ack (the list, modal validation errors).
 */
import type { BlockAction, ButtonAction, RespondFn, StaticSelectAction, webApi } from '@slack/bolt';
import type { ChoicePress, SlackApp } from '../../channels/slack/app';
import { clip, escapeMrkdwn } from '../../channels/slack/mrkdwn';
import { answeredBlocks, type Block } from '../../channels/slack/render';
import { normalizeWords } from '../../engine/inputs/normalize';
import { maskPhone } from '../../lib/phone';
import { localDateTime } from '../../lib/time-zones';
import type { Runtime } from '../../runtime/runtime';
import { findIdentity, updateContact } from '../../store/contacts';
import { volunteerLanguage } from '../language';
import { setOrganizerNotifier } from '../organizers';
import { acceptSpot, addShift, confirmVolunteer, passSpot, releaseVolunteer, signUpVolunteer, type Released } from '../service';
import { ensureVolunteer, getSignup, listShifts, liveSignupsOf, recordFeedback, signupDetails, updateVolunteer, volunteerBySlack, type SignUpOutcome } from '../store';
import { SHIFT_KINDS, type Volunteer } from '../tables';
import { parseShiftChoice, SHIFT_CHOICE_PREFIX, shiftVars } from '../texts';
import { parseLocalDateTime } from '../time';
import { ACTION, feedbackModal, homeView, newShiftModal, shiftListBlocks, VIEW } from './blocks';

/** How many upcoming shifts are read for a list. */
const LIST_LIMIT = 60;

type Body = BlockAction;

/** Registers every shift listener on the system's Slack app (the shifts module's init). */
export function registerShiftsUi(slack: SlackApp, rt: Runtime): void {
  const { bolt } = slack;
  const db = rt.db.kysely;
  const tx = (language: string, key: string, vars?: Record<string, string | number>) => rt.translator.t(language, `slack.${key}`, vars);
  const isOrganizer = (userId: string) => !slack.settings.organizers || slack.settings.organizers.has(userId);

  /** The volunteer behind a Slack user, created on first contact with their locale. */
  async function volunteerFor(userId: string): Promise<Volunteer> {
    const known = await volunteerBySlack(db, userId);
    if (known?.slack_locale) return known;
    const user = await slack.user(userId).catch(() => undefined);
    if (!known) return ensureVolunteer(db, { slackUserId: userId, name: user?.name ?? null, slackLocale: user?.locale ?? null });
    if (user?.locale) await updateVolunteer(db, known.id, { slackLocale: user.locale });
    return { ...known, slack_locale: user?.locale ?? null };
  }

  async function listData(v: Volunteer) {
    const [shifts, mine] = await Promise.all([listShifts(db, { from: rt.now(), limit: LIST_LIMIT }), liveSignupsOf(db, v.id)]);
    return { shifts, mine };
  }

  async function publishHome(client: webApi.WebClient, userId: string, v: Volunteer, notice?: string): Promise<void> {
    const language = volunteerLanguage(rt.translator, v);
    const { shifts, mine } = await listData(v);
    await client.views.publish({ user_id: userId, view: homeView(rt.translator, language, shifts, mine, { notice, organizer: isOrganizer(userId) }) });
  }

  /** Shows the list again where the button was: the Home tab, the ephemeral answer, or a message. */
  async function refresh(body: Body, client: webApi.WebClient, respond: RespondFn | undefined, v: Volunteer, notice: string): Promise<void> {
    if (body.container?.type === 'view' || body.view?.type === 'home') return publishHome(client, body.user.id, v, notice);
    const language = volunteerLanguage(rt.translator, v);
    const { shifts, mine } = await listData(v);
    const blocks = shiftListBlocks(rt.translator, language, shifts, mine, { notice });
    if (respond) {
      await respond({ replace_original: true, response_type: 'ephemeral', text: notice, blocks: blocks });
    } else if (body.channel?.id && body.message?.ts) {
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: notice, blocks: blocks });
    }
  }

  function signUpNotice(language: string, outcome: SignUpOutcome): string {
    if (outcome.kind === 'unavailable') return tx(language, 'shifts.unavailable');
    const vars = shiftVars(rt.translator, outcome.shift, language, escapeMrkdwn);
    const key = { signed_up: 'shifts.signed_up', waitlisted: 'shifts.waitlisted', already: 'shifts.already', full: 'shifts.full_offer', started: 'shifts.started' }[outcome.kind];
    return tx(language, key, vars);
  }

  /** Tells the shift's organizers (in their language) that someone gave up a spot, and who was offered it. */
  async function tellOrganizers(v: Volunteer, released: Released): Promise<void> {
    const channel = released.shift.organizer_channel ?? slack.settings.shiftsChannel;
    if (!channel) return;
    const language = slack.settings.organizerLanguage;
    const vars = shiftVars(rt.translator, released.shift, language, escapeMrkdwn);
    const who = (x: Volunteer) => (x.slack_user_id ? `<@${x.slack_user_id}>` : `${escapeMrkdwn(x.name ?? '')} ${x.phone ? maskPhone(x.phone) : ''}`.trim());
    const next = released.offeredTo ? tx(language, 'organizer.offered_to', { who: who(released.offeredTo) }) : tx(language, 'organizer.no_waitlist');
    const text = `${tx(language, 'organizer.dropped', { ...vars, who: who(v) })} ${next}`;
    try {
      await slack.sender.post({ channel, text, unfurl_links: false });
    } catch (err) {
      rt.log.warn({ err: (err as Error).message, channel }, 'slack: organizer channel not told (is the bot in it?)');
    }
  }

  // The same notice when a volunteer without Slack answers "can't make it" by SMS (src/shifts/sms-answers.ts).
  setOrganizerNotifier(rt, tellOrganizers);

  // ---- /shifts ---------------------------------------------------------------------------

  /** Which subcommand the words name, in any shipped language (slack.commands.* in the locales). */
  function subcommand(word: string): 'new' | 'language' | 'help' | 'list' {
    const w = normalizeWords(word);
    for (const name of ['new', 'language', 'help'] as const) {
      if (rt.translator.languages.some((l) => rt.translator.words(l, `slack.commands.${name}`).includes(w))) return name;
    }
    return 'list';
  }

  bolt.command('/shifts', async ({ command, ack, client }) => {
    const v = await volunteerFor(command.user_id);
    let language = volunteerLanguage(rt.translator, v);
    const [first = '', ...rest] = command.text.trim().split(/\s+/);
    const sub = first ? subcommand(first) : 'list';
    if (sub === 'new') {
      if (!isOrganizer(command.user_id)) return ack({ response_type: 'ephemeral', text: tx(language, 'shifts.not_organizer') });
      await ack();
      const today = localDateTime(rt.now(), rt.config.DEFAULT_TIMEZONE).slice(0, 10);
      await client.views.open({ trigger_id: command.trigger_id, view: newShiftModal(rt.translator, language, rt.config.DEFAULT_TIMEZONE, today) });
      return;
    }
    if (sub === 'language') {
      const wanted = (rest[0] ?? '').toLowerCase();
      const code = rt.translator.languages.find((l) => l.toLowerCase() === wanted);
      if (!code) return ack({ response_type: 'ephemeral', text: tx(language, 'shifts.language_unknown', { languages: rt.translator.languages.join(', ') }) });
      await setLanguage(v, code);
      language = code;
      return ack({ response_type: 'ephemeral', text: tx(language, 'shifts.language_set') });
    }
    if (sub === 'help') return ack({ response_type: 'ephemeral', text: ['list', 'language', 'new', 'home'].map((k) => tx(language, `shifts.help_${k}`)).join('\n') });
    const { shifts, mine } = await listData(v);
    await ack({ response_type: 'ephemeral', text: tx(language, 'shifts.title'), blocks: shiftListBlocks(rt.translator, language, shifts, mine) });
  });

  async function setLanguage(v: Volunteer, code: string): Promise<void> {
    await updateVolunteer(db, v.id, { language: code });
    // The same person's DM conversations follow the choice too.
    if (v.slack_user_id) {
      const identity = await findIdentity(db, 'slack', v.slack_user_id);
      if (identity) await updateContact(db, identity.contact_id, { language: code });
    }
  }

  // ---- Home tab ----------------------------------------------------------------------------

  bolt.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    let v = await volunteerFor(event.user);
    // Opening Home is a good moment to notice a changed Slack language (users.info is cached).
    const locale = (await slack.user(event.user).catch(() => undefined))?.locale;
    if (locale && locale !== v.slack_locale) {
      await updateVolunteer(db, v.id, { slackLocale: locale });
      v = { ...v, slack_locale: locale };
    }
    await publishHome(client, event.user, v);
  });

  bolt.action<BlockAction<StaticSelectAction>>({ type: 'block_actions', action_id: ACTION.language }, async ({ ack, body, action, client }) => {
    await ack();
    const code = action.selected_option?.value;
    if (!code || !rt.translator.languages.includes(code)) return;
    const v = await volunteerFor(body.user.id);
    await setLanguage(v, code);
    const updated = { ...v, language: code };
    await publishHome(client, body.user.id, updated, tx(code, 'shifts.language_set'));
  });

  // ---- list buttons --------------------------------------------------------------------------

  for (const [actionId, waitlist] of [[ACTION.signUp, false], [ACTION.waitlist, true]] as const) {
    bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action, client, respond }) => {
      await ack();
      const v = await volunteerFor(body.user.id);
      const outcome = await signUpVolunteer(rt, action.value ?? '', v, { waitlist });
      await refresh(body, client, respond, v, signUpNotice(volunteerLanguage(rt.translator, v), outcome));
    });
  }

  for (const actionId of [ACTION.cancel, ACTION.leaveWaitlist]) {
    bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action, client, respond }) => {
      await ack();
      const v = await volunteerFor(body.user.id);
      const language = volunteerLanguage(rt.translator, v);
      const signup = await getSignup(db, action.value ?? '');
      // Only one's own sign-up can be cancelled, whatever a crafted payload says.
      const released = signup && signup.volunteer_id === v.id ? await releaseVolunteer(rt, signup.id) : undefined;
      let notice = tx(language, 'shifts.unavailable');
      if (released) {
        const vars = shiftVars(rt.translator, released.shift, language, escapeMrkdwn);
        notice = tx(language, released.previous === 'waitlist' ? 'shifts.left_waitlist' : 'shifts.cancelled', vars);
        if (released.previous !== 'waitlist') await tellOrganizers(v, released);
      }
      await refresh(body, client, respond, v, notice);
    });
  }

  // ---- new shift (organizers) ------------------------------------------------------------------

  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION.newShift }, async ({ ack, body, client }) => {
    await ack();
    const v = await volunteerFor(body.user.id);
    if (!isOrganizer(body.user.id)) return;
    const today = localDateTime(rt.now(), rt.config.DEFAULT_TIMEZONE).slice(0, 10);
    await client.views.open({ trigger_id: body.trigger_id, view: newShiftModal(rt.translator, volunteerLanguage(rt.translator, v), rt.config.DEFAULT_TIMEZONE, today) });
  });

  bolt.view(VIEW.newShift, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const v = await volunteerFor(userId);
    const language = volunteerLanguage(rt.translator, v);
    if (!isOrganizer(userId)) return ack({ response_action: 'errors', errors: { title: tx(language, 'shifts.not_organizer') } });
    const parsed = readNewShift(view.state.values as Values, rt.config.DEFAULT_TIMEZONE, rt.now());
    if ('errors' in parsed) {
      const errors = Object.fromEntries(Object.entries(parsed.errors).map(([block, key]) => [block, tx(language, key)]));
      return ack({ response_action: 'errors', errors });
    }
    await ack();
    const shift = await addShift(rt, { ...parsed.shift, timezone: rt.config.DEFAULT_TIMEZONE, createdBy: userId });
    const vars = shiftVars(rt.translator, shift, language, escapeMrkdwn);
    await client.chat.postMessage({ channel: userId, text: tx(language, 'shifts.created', { ...vars, capacity: shift.capacity }) });
    rt.log.info({ shiftId: shift.id }, 'slack: shift created');
  });

  // ---- reminder, offer and feedback buttons ------------------------------------------------------

  slack.onChoice({
    prefix: SHIFT_CHOICE_PREFIX,
    handle: async (press: ChoicePress) => {
      const choice = parseShiftChoice(press.value);
      if (!choice) return;
      const details = await signupDetails(db, choice.signupId);
      const owner = details && details.volunteer.slack_user_id === press.userId ? details : undefined;
      const language = owner ? volunteerLanguage(rt.translator, owner.volunteer) : volunteerLanguage(rt.translator, await volunteerFor(press.userId));
      const vars = owner ? shiftVars(rt.translator, owner.shift, language, escapeMrkdwn) : {};
      let note = tx(language, 'reminder.gone');
      let extra: Block[] = [];
      if (owner) {
        switch (choice.verb) {
          case 'confirm':
            if (await confirmVolunteer(rt, choice.signupId)) note = tx(language, 'reminder.confirmed');
            break;
          case 'drop': {
            const released = await releaseVolunteer(rt, choice.signupId);
            if (released) {
              note = tx(language, 'reminder.dropped', vars);
              await tellOrganizers(owner.volunteer, released);
            }
            break;
          }
          case 'accept':
            note = (await acceptSpot(rt, choice.signupId)) ? tx(language, 'offer.accepted', vars) : tx(language, 'offer.expired');
            break;
          case 'pass':
            note = (await passSpot(rt, choice.signupId)) ? tx(language, 'offer.passed') : tx(language, 'offer.expired');
            break;
          case 'rate':
            await recordFeedback(db, choice.signupId, { rating: choice.n }, rt.now());
            note = tx(language, 'feedback.thanks', { rating: choice.n ?? 0 });
            extra = [{ type: 'actions', block_id: 'feedback_comment', elements: [{ type: 'button', action_id: ACTION.comment, value: choice.signupId, text: { type: 'plain_text', text: clip(tx(language, 'feedback.add_comment'), 75) } }] }];
            break;
        }
      }
      if (press.channel && press.ts) {
        await press.client.chat.update({ channel: press.channel, ts: press.ts, text: note, blocks: [...answeredBlocks(press.blocks, note), ...extra] });
      }
    },
  });

  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION.comment }, async ({ ack, body, action, client }) => {
    await ack();
    const details = await signupDetails(db, action.value ?? '');
    if (!details || details.volunteer.slack_user_id !== body.user.id) return;
    await client.views.open({ trigger_id: body.trigger_id, view: feedbackModal(rt.translator, volunteerLanguage(rt.translator, details.volunteer), details.signup.id) });
  });

  bolt.view(VIEW.feedback, async ({ ack, body, view }) => {
    await ack();
    const details = await signupDetails(db, view.private_metadata);
    if (!details || details.volunteer.slack_user_id !== body.user.id) return;
    const comment = String((view.state.values as Values).comment?.value?.value ?? '').trim();
    if (comment) await recordFeedback(db, details.signup.id, { comment }, rt.now());
  });
}

type Values = Record<string, Record<string, { value?: string | null; selected_date?: string | null; selected_time?: string | null; selected_option?: { value: string } | null; selected_conversation?: string | null }>>;

/**
 * Reads the "new shift" modal: the shift, or the i18n keys of what is wrong by block id (Slack
 * shows them under the fields). Date and times are wall times in the organizer's zone. Pure.
 */
export function readNewShift(values: Values, timeZone: string, now: Date): { shift: Omit<Parameters<typeof addShift>[1], 'timezone'> } | { errors: Record<string, string> } {
  const v = (block: string) => values[block]?.value;
  const title = String(v('title')?.value ?? '').trim();
  const kind = v('kind')?.selected_option?.value ?? 'other';
  const location = String(v('location')?.value ?? '').trim();
  const date = v('date')?.selected_date ?? '';
  const start = parseLocalDateTime(`${date} ${v('start')?.selected_time ?? ''}`, timeZone);
  let end = parseLocalDateTime(`${date} ${v('end')?.selected_time ?? ''}`, timeZone);
  const capacity = Number(v('capacity')?.value ?? NaN);
  const errors: Record<string, string> = {};
  if (!title) errors.title = 'modal.error_required';
  if (!start) errors.start = 'modal.error_time';
  if (!end) errors.end = 'modal.error_time';
  // An end before the start on the same day is read as past midnight (an evening-to-night shift).
  if (start && end && end.getTime() <= start.getTime()) end = new Date(end.getTime() + 86_400_000);
  if (start && start.getTime() <= now.getTime()) errors.start = 'modal.error_past';
  if (!Number.isInteger(capacity) || capacity < 1) errors.capacity = 'modal.error_capacity';
  if (Object.keys(errors).length) return { errors };
  return {
    shift: {
      title,
      kind: (SHIFT_KINDS as readonly string[]).includes(kind) ? kind : 'other',
      location,
      notes: String(v('notes')?.value ?? '').trim() || null,
      startsAt: start!,
      endsAt: end!,
      capacity,
      organizerChannel: v('channel')?.selected_conversation ?? null,
    },
  };
}

