import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const optional = z.string().trim().min(1).optional().catch(undefined);

/** Every setting, read from the environment (see .env.example for what each one means). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: optional,
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optional,
  REDIS_URL: optional,
  QUEUE_PREFIX: z.string().regex(/^[^:]+$/, 'may not contain ":"').default('{ce}'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLOWS_DIR: z.string().default('flows'),
  LOCALES_DIR: z.string().default('locales'),
  DEFAULT_LANGUAGE: z.string().default('en'),
  DEFAULT_TIMEZONE: z.string().default('America/New_York'),
  ORG_NAME: z.string().default('Civic Engage (demo)'),
  ORG_CONTACT: z.string().default('the organizers of this campaign'),
  SIMULATOR: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  SMS_SEGMENT_BUDGET: z.coerce.number().int().min(1).default(3),
  QUIET_HOURS_START: z.string().regex(/^\d\d:\d\d$/).default('08:00'),
  QUIET_HOURS_END: z.string().regex(/^\d\d:\d\d$/).default('21:00'),

  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM: optional,
  TWILIO_MESSAGING_SERVICE_SID: optional,
  TWILIO_API_URL: optional,
  TWILIO_MPS: z.coerce.number().positive().default(1),

  TELEGRAM_BOT_TOKEN: optional,
  TELEGRAM_WEBHOOK_SECRET: optional,
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  TELEGRAM_API_URL: optional,

  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_API_URL: optional,
  SLACK_HANDOFF_CHANNEL: optional,

  ADMIN_TOKEN: optional,
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; throws one readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
