/**
 * The campaign form of the console: what an organizer types, turned into a definition object for
 * the one validation (checkCampaign, src/campaigns/definition.ts: the same as `campaign preview`),
 * and each problem it finds placed on the field it is about. Pure: no request, no database.
 */
import type { CampaignIssue } from '../../campaigns/definition';

/** The channels the form offers (the web simulator and Slack DMs take no campaigns from organizers). */
export const FORM_CHANNELS = ['sms', 'whatsapp', 'telegram'] as const;

/** The form as typed (every value a string, channels a list). */
export interface CampaignFormValues {
  id: string;
  name: string;
  channels: string[];
  languages: string;
  states: string;
  tags: string;
  exclude_tags: string;
  /** '' any, 'yes' registered only, 'no' not known to be registered. */
  registered: string;
  consent_sources: string;
  /** 'text': a text per language; 'key': an i18n key. */
  message_kind: string;
  message: string;
  /** Per language code. */
  text: Record<string, string>;
  /** 'now', 'at', 'anchor'. */
  send: string;
  send_at: string;
  anchor_date: string;
  anchor_days: string;
  anchor_at: string;
  pacing: string;
  breaker_rate: string;
  breaker_window: string;
  breaker_min: string;
}

/** An empty form: SMS, a text per language, at launch. */
export function emptyForm(): CampaignFormValues {
  return { id: '', name: '', channels: ['sms'], languages: '', states: '', tags: '', exclude_tags: '', registered: '', consent_sources: '', message_kind: 'text', message: '', text: {}, send: 'now', send_at: '', anchor_date: '', anchor_days: '', anchor_at: '', pacing: '', breaker_rate: '', breaker_window: '', breaker_min: '' };
}

const list = (s: string): string[] | undefined => {
  const items = s
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
};

/** A number when it reads as one, else the text as typed (the validation then says what it wants). */
const num = (s: string): number | string | undefined => (s.trim() === '' ? undefined : Number.isFinite(Number(s.trim())) ? Number(s.trim()) : s.trim());

/** The definition object the form describes (not validated: checkCampaign does that). */
export function definitionFromForm(v: CampaignFormValues): Record<string, unknown> {
  const audience: Record<string, unknown> = { channels: v.channels };
  const put = (key: string, value: unknown) => {
    if (value !== undefined) audience[key] = value;
  };
  put('languages', list(v.languages));
  put('states', list(v.states));
  put('tags', list(v.tags));
  put('exclude_tags', list(v.exclude_tags));
  put('registered', v.registered === 'yes' ? true : v.registered === 'no' ? false : undefined);
  put('consent_sources', list(v.consent_sources));
  const def: Record<string, unknown> = { id: v.id.trim(), name: v.name.trim(), audience };
  if (v.message_kind === 'key') def.message = v.message.trim();
  else {
    const texts = Object.fromEntries(Object.entries(v.text).filter(([, t]) => t.trim() !== '').map(([lang, t]) => [lang, t.replace(/\r\n/g, '\n').trim()]));
    def.text = texts;
  }
  if (v.send === 'at') def.send = { at: v.send_at.trim() };
  if (v.send === 'anchor') def.send = { anchor: { date: v.anchor_date.trim(), days_before: num(v.anchor_days) ?? 0, ...(v.anchor_at.trim() ? { at: v.anchor_at.trim() } : {}) } };
  const pacing = num(v.pacing);
  if (pacing !== undefined) def.pacing = { per_minute: pacing };
  const rate = num(v.breaker_rate);
  if (rate !== undefined || v.breaker_window.trim() || v.breaker_min.trim()) {
    // Typed as a percentage; the definition's failure_rate is a share.
    const breaker: Record<string, unknown> = { failure_rate: typeof rate === 'number' ? rate / 100 : (rate ?? '') };
    if (num(v.breaker_window) !== undefined) breaker.window = num(v.breaker_window);
    if (num(v.breaker_min) !== undefined) breaker.min_sends = num(v.breaker_min);
    def.circuit_breaker = breaker;
  }
  return def;
}

/** The form field a definition path is about (its id on the page), given how the message was written. */
export function fieldOfPath(path: readonly (string | number)[], v: Pick<CampaignFormValues, 'message_kind'>, firstLanguage: string): string {
  const [a, b, c] = path;
  if (a === 'audience') return typeof b === 'string' ? b : 'channels';
  if (a === 'message' || a === 'text' || a === 'series') {
    if (a === 'text' && typeof b === 'string') return `text-${b}`;
    return v.message_kind === 'key' ? 'message' : `text-${firstLanguage}`;
  }
  if (a === 'send') {
    if (b === 'at') return 'send_at';
    if (b === 'anchor') return c === 'days_before' ? 'anchor_days' : c === 'at' ? 'anchor_at' : 'anchor_date';
    return 'send';
  }
  if (a === 'pacing') return 'pacing';
  if (a === 'circuit_breaker') return b === 'window' ? 'breaker_window' : b === 'min_sends' ? 'breaker_min' : 'breaker_rate';
  if (a === 'id' || a === 'name') return a;
  return 'id';
}

/** The problems per field id (in the order found). */
export function issuesByField(issues: readonly CampaignIssue[], v: Pick<CampaignFormValues, 'message_kind'>, firstLanguage: string): { field: string; issue: CampaignIssue }[] {
  return issues.map((issue) => ({ field: fieldOfPath(issue.path, v, firstLanguage), issue }));
}
