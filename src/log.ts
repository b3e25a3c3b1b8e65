import pino, { type Logger } from 'pino';

/**
 * Fields that may carry personal data or secrets. They are censored wherever they appear in a log
 * line; code logs masked phone numbers (maskPhone) and message keys, never bodies or addresses.
 */
const REDACT = [
  'address', 'to', 'from', 'From', 'To', 'Body', 'body', 'text', 'phone', 'token', 'authorization',
  '*.address', '*.to', '*.from', '*.From', '*.To', '*.Body', '*.body', '*.text', '*.phone', '*.token',
  'req.headers.authorization', 'req.headers["x-twilio-signature"]', 'req.headers["x-telegram-bot-api-secret-token"]',
];

/** The project's structured logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'civic-engage' } }, destination);
}

export type { Logger };
