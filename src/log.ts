import pino, { type Logger } from 'pino';
import { scrubPersonal } from './lib/scrub';

/**
 * Fields that may carry personal data or secrets. They are censored wherever they appear in a log
 * line; code logs masked phone numbers (maskPhone) and message keys, never bodies or addresses.
 */
const REDACT = [
  'address', 'to', 'from', 'From', 'To', 'Body', 'body', 'text', 'phone', 'token', 'authorization',
  '*.address', '*.to', '*.from', '*.From', '*.To', '*.Body', '*.body', '*.text', '*.phone', '*.token',
  'req.headers.authorization', 'req.headers["x-twilio-signature"]', 'req.headers["x-telegram-bot-api-secret-token"]',
];

/**
 * A last line of defence over each finished log line, for what field redaction cannot see: text
 * inside a value, such as a provider's error message quoting the number it refused ("The 'To'
 * number +12125550123 is not a valid phone number"), or a token inside a URL.
 */
const SCRUB: [RegExp, (match: string) => string][] = [
  // Telegram bot tokens (123456789:AA...), Slack tokens (xoxb-, xoxp-, xapp-), bearer credentials.
  [/\d{5,12}:[A-Za-z0-9_-]{30,}/g, () => '[redacted]'], // also inside a URL: .../bot<token>/sendMessage
  [/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{8,}/g, () => '[redacted]'],
  // (a credential has a digit somewhere: "Basic information" is left alone)
  [/\b(Bearer|Basic)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi, (m) => `${m.split(/\s/)[0]} [redacted]`],
];

/** Applies SCRUB to one serialized log line, then masks phone numbers in every common format and e-mail addresses (src/lib/scrub.ts). */
export function scrubLogLine(line: string): string {
  let out = line;
  for (const [pattern, replace] of SCRUB) out = out.replace(pattern, replace);
  return scrubPersonal(out);
}

/** The project's structured logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'civic-engage' }, hooks: { streamWrite: scrubLogLine } }, destination);
}

/** Times one start-up phase; see startupPhases. */
export type PhaseTimer = <T>(phase: string, work: () => T | Promise<T>) => Promise<T>;

/**
 * Times start-up phases for the debug log (LOG_LEVEL=debug): one line per phase with its duration
 * (`ms`) and when it ended counted from the process's start (`atMs`), so a slow start shows where
 * its time went, including phases that run side by side.
 */
export function startupPhases(log: Logger): PhaseTimer {
  return async (phase, work) => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      log.debug({ phase, ms: Math.round(performance.now() - started), atMs: Math.round(performance.now()) }, 'start-up phase');
    }
  };
}

export type { Logger };
