import type { OutboundMessage } from '../engine/types';

/**
 * Renders a message for a channel without buttons (SMS, the terminal): choices become numbered
 * lines, which the engine accepts back as "1", "2", ... or the label's words.
 */
export function renderAsText(message: OutboundMessage): string {
  if (!message.choices?.length) return message.text;
  const lines = message.choices.map((c, i) => `${i + 1}) ${c.label}`);
  return `${message.text}\n${lines.join('\n')}`;
}
