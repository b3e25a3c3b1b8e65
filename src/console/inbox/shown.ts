/**
 * How the inbox shows a person to each role: organizers and admins see the name and the address in
 * full; an agent (a volunteer) sees only the first name and a masked address. Also the canned
 * replies in the person's language, and the waiting time. Pure, apart from the texts.
 */
import { isPhoneChannel } from '../../channels/registry';
import { maskPhone } from '../../lib/phone';
import type { Runtime } from '../../runtime/runtime';
import type { Role } from '../store/tables';

/** Who may see whole names and addresses. */
export function seesEverything(role: Role): boolean {
  return role === 'admin' || role === 'organizer';
}

/** An address as a role sees it: phone numbers masked for agents, other ids shortened for them. */
export function shownAddress(role: Role, channel: string | null, address: string | null): string {
  if (!address) return '—';
  if (seesEverything(role)) return address;
  if (channel && isPhoneChannel(channel)) return maskPhone(address);
  return address.length > 4 ? `…${address.slice(-4)}` : '…';
}

/** A name as a role sees it: the first name only for agents; null when the person gave none. */
export function shownName(role: Role, name: string | null): string | null {
  if (!name) return null;
  if (seesEverything(role)) return name;
  return name.split(/\s+/)[0] || null;
}

/** The ids of the canned replies (locales/<lang>/canned.json), in the default language's order. */
export function cannedIds(rt: Pick<Runtime, 'translator'>): string[] {
  const catalog = rt.translator.locales.catalog[rt.translator.defaultLanguage] as Record<string, unknown> | undefined;
  const canned = catalog?.canned;
  return canned && typeof canned === 'object' ? Object.keys(canned) : [];
}

/** A canned reply in the person's language, with the organization's name and the election links filled in. */
export function cannedText(rt: Pick<Runtime, 'translator' | 'env'>, id: string, language: string, contactVars: Record<string, string | number>): string {
  const settings = rt.env.settings;
  const vars = { ...(settings.vars ?? {}), ...(settings.facts ? settings.facts(contactVars, language) : {}) };
  return rt.translator.t(language, `canned.${id}`, vars);
}

/** How long, in the page's language: "5 min", "3 hr", "2 days" (Intl units, short). */
export function duration(lang: string, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}
