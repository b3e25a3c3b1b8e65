/**
 * What every console page knows about its request: the signed-in account (or none), the
 * language and direction, the texts, the navigation the account's role may use, and how to get a
 * CSRF token for a form. Built once per request by the access guard (src/console/access.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from '../log';
import type { Runtime } from '../runtime/runtime';
import type { Database } from '../store/schema';
import type { AccountDeps } from './accounts/users';
import { consoleT, languageOptions, pickLanguage, type ConsoleKey, type LanguageOption, type T } from './i18n';
import type { ConsoleUser, Role } from './store/tables';

/** Who may open a route: anyone (`public`), or the signed-in accounts with one of these roles. */
export type Access = 'public' | readonly Role[];

/** Every role: for pages any signed-in account may open (home, their own account). */
export const SIGNED_IN: readonly Role[] = ['admin', 'organizer', 'agent'];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every console route: the guard refuses a route without it. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The console page context (src/console/context.ts), set by the guard. */
    page: PageContext;
  }
  interface Session {
    /** The signed-in account. */
    userId?: string;
  }
}

/** A link in the console's navigation. */
export interface NavLink {
  path: string;
  label: ConsoleKey;
  /** What the page is for, shown on the home page. */
  description?: ConsoleKey;
  access: readonly Role[];
}

/** What console routes share: the runtime, its database and clock, and the account rules. */
export interface ConsoleDeps {
  rt: Runtime;
  db: Kysely<Database>;
  log: Logger;
  now(): Date;
  accounts: AccountDeps;
  /** PUBLIC_URL is https: cookies are Secure. */
  secure: boolean;
  /** The navigation of the console, in order (from the sections that have a page). */
  nav: readonly NavLink[];
}

/** The request's page context. */
export interface PageContext {
  user: ConsoleUser | null;
  lang: string;
  dir: 'ltr' | 'rtl';
  t: T;
  /** Any text by its full key (`console-contacts.list.title`), in the page's language: use `sectionT` (src/console/i18n.ts). */
  translate(key: string, vars?: Record<string, string | number>): string;
  org: string;
  /** The path asked for, without the query (for aria-current in the navigation). */
  path: string;
  /** The links this account's role may open. */
  nav: NavLink[];
  languages: LanguageOption[];
  /** A CSRF token for a form on this page (sets the secret cookie when the browser has none). */
  csrf(): string;
  /** A date and time in the page's language and the organization's time zone. */
  formatTime(at: Date): string;
}

/** The page context for a request and the account signed in on it (null: nobody). */
export function pageContext(deps: ConsoleDeps, req: FastifyRequest, reply: FastifyReply, user: ConsoleUser | null): PageContext {
  const { translator, config } = deps.rt;
  const lang = pickLanguage(translator, user?.language, req.headers['accept-language']);
  let format: Intl.DateTimeFormat | undefined;
  return {
    user,
    lang,
    dir: translator.dir(lang),
    t: consoleT(translator, lang),
    translate: (key, vars) => translator.t(lang, key, vars),
    org: config.ORG_NAME,
    path: req.url.split('?')[0],
    nav: user ? deps.nav.filter((link) => link.access.includes(user.role)) : [],
    languages: languageOptions(translator),
    csrf: () => reply.generateCsrf(),
    formatTime: (at) => {
      format ??= new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: config.DEFAULT_TIMEZONE });
      return format.format(at);
    },
  };
}
