import type { Config } from '../../config';

/** The Slack settings in force, read once from the configuration. */
export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Socket Mode instead of the HTTP events URL (xapp- token). */
  appToken?: string;
  /** Web API base URL with its trailing slash (tests point it at a fake on 127.0.0.1). */
  apiUrl?: string;
  /** Where requests for a human are posted. */
  handoffChannel?: string;
  /** Where shift news goes when a shift names no channel of its own. */
  shiftsChannel?: string;
  /** User ids allowed to create shifts; null when everyone in the workspace may. */
  organizers: Set<string> | null;
  /** Language of what organizers read (handoff tickets, organizer channel notices; the digest and campaign alerts use the same setting): SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE. */
  organizerLanguage: string;
}

/** Where Slack sends events, slash commands and interactivity (one URL for all three). */
export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * The Slack settings, or null when the channel is off. It is on exactly when SLACK_BOT_TOKEN and
 * SLACK_SIGNING_SECRET are both set.
 */
export function slackSettings(config: Config): SlackSettings | null {
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  const apiUrl = config.SLACK_API_URL ? config.SLACK_API_URL.replace(/\/*$/, '/') : undefined;
  const organizers = (config.SLACK_ORGANIZERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl,
    handoffChannel: config.SLACK_HANDOFF_CHANNEL,
    shiftsChannel: config.SLACK_SHIFTS_CHANNEL,
    organizers: organizers.length ? new Set(organizers) : null,
    organizerLanguage: config.SLACK_ORGANIZER_LANGUAGE ?? config.DEFAULT_LANGUAGE,
  };
}
