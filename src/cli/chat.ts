import 'dotenv/config';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config';
import { step } from '../engine/step';
import type { ContactView, ConversationState, EngineEvent, OutboundMessage } from '../engine/types';
import { loadEngine } from '../app/engine';
import { renderAsText } from '../channels/render-text';
import { colours } from './colour';

/**
 * `chat`: the flows in a terminal, the way an SMS user meets them (choices as numbered lines).
 * Runs the engine alone: nothing is stored or sent. Nudges and expiry use in-process timers here,
 * which is fine for trying a flow (the server drives them with delayed queue jobs).
 */
export async function chatCommand(opts: { lang?: string }): Promise<void> {
  const config = loadConfig();
  const { env, translator } = loadEngine(config);
  if (opts.lang && !translator.languages.includes(opts.lang)) {
    throw new Error(`unknown language "${opts.lang}"; shipped: ${translator.languages.join(', ')}`);
  }
  let contact: ContactView = { language: opts.lang ?? null, vars: {}, optedOut: false };
  let state: ConversationState | null = null;
  const timers = new Set<NodeJS.Timeout>();
  const rl = createInterface({ input: process.stdin, output: process.stdout });

  const paint = colours(process.stdout);
  const show = (m: OutboundMessage) => process.stdout.write(`${paint.cyan(renderAsText(m))}\n`);
  const run = (event: EngineEvent) => {
    const result = step(env, { contact, state, event, now: new Date() });
    contact = result.contact;
    state = result.state;
    for (const reply of result.replies) show(translator.render(reply, contact.language ?? translator.defaultLanguage));
    for (const effect of result.effects) {
      if (effect.type === 'scheduleTimeout') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          run({ type: 'timeout', seq: effect.seq, kind: effect.kind });
        }, Math.min(effect.delayMs, 2 ** 31 - 1));
        timer.unref();
        timers.add(timer);
      } else if (effect.type !== 'conversationEnded') {
        process.stdout.write(`${paint.dim(`  [${effect.type}${'flowId' in effect ? ` ${effect.flowId}` : ''}]`)}\n`);
      }
    }
  };

  process.stdout.write(`Chatting with the flows as ${config.ORG_NAME}. Type a message; Ctrl+D to quit.\n\n`);
  // Line by line from the interface's own iterator: piped input (a script of answers) loses no line.
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    run({ type: 'message', text: line });
    rl.prompt();
  }
  for (const t of timers) clearTimeout(t);
  rl.close();
}
