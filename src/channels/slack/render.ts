import type { types } from '@slack/bolt';
import type { OutboundMessage } from '../../engine/types';
import { clip, escapeMrkdwn, splitText } from './mrkdwn';

/** action_id prefix of the buttons rendered for a message's choices (one listener handles them all). */
export const CHOICE_ACTION_PREFIX = 'ce_choice_';
/** block_id of the actions block holding them (removed once one is pressed). */
export const CHOICES_BLOCK_ID = 'ce_choices';

/** Slack allows 25 elements per actions block and 75 characters per button label. */
const MAX_BUTTONS = 25;
const MAX_LABEL = 75;

/** A Block Kit block (kept loose: Slack validates, the fake records). */
export type Block = types.Block & Record<string, unknown>;

/**
 * A message as Slack Block Kit: the text as mrkdwn sections (escaped: texts and the values in them
 * show as written) and the choices as buttons whose value is the choice's value. `text` is the
 * notification and screen-reader fallback.
 */
export function renderForSlack(message: OutboundMessage): { text: string; blocks: Block[] } {
  const escaped = escapeMrkdwn(message.text);
  const blocks: Block[] = splitText(escaped).map((part) => ({ type: 'section', text: { type: 'mrkdwn', text: part } }));
  const choices = message.choices ?? [];
  for (let i = 0; i < choices.length; i += MAX_BUTTONS) {
    blocks.push({
      type: 'actions',
      block_id: i === 0 ? CHOICES_BLOCK_ID : `${CHOICES_BLOCK_ID}_${i / MAX_BUTTONS}`,
      elements: choices.slice(i, i + MAX_BUTTONS).map((c, j) => ({
        type: 'button',
        action_id: `${CHOICE_ACTION_PREFIX}${i + j}`,
        text: { type: 'plain_text', text: clip(c.label, MAX_LABEL), emoji: true },
        value: c.value,
      })),
    });
  }
  return { text: clip(message.text, 3000), blocks };
}

/**
 * The blocks of a message after one of its buttons was pressed: the buttons are gone (an old
 * question cannot be answered twice) and a context line says what was chosen.
 */
export function answeredBlocks(blocks: Block[] | undefined, note: string): Block[] {
  const kept = (blocks ?? []).filter((b) => b.type !== 'actions');
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }];
}
