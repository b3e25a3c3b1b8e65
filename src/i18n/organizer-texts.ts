/**
 * What organizers read (the feedback digest, campaign alerts, notices in their Slack channels):
 * their language (SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE), that language's number,
 * percentage and day formats (Intl, CLDR data), and channels by name. Pure but for reportTexts,
 * which loads the locales when a command has no translator.
 */
import { isChannelName } from '../channels/registry';
import type { Config } from '../config';
import { Translator } from './translator';

/** The texts and the language a report is written in: a Translator and a shipped language code. */
export interface ReportTexts {
  translator: Pick<Translator, 't'>;
  language: string;
}

/** A language's number, percentage and day formats (Intl, CLDR data), as a report writes them. */
export interface ReportFormats {
  /** A count: "12,345" in English, "12.345" in Spanish. */
  int(n: number): string;
  /** An average to one decimal: "4.3", "4,3". */
  dec1(n: number): string;
  /** A rate as a whole percentage ("42%", "42 %"), or "-" when there was nothing to divide by. */
  rate(r: number | null): string;
  /** The day of `instant` in `timeZone`: "Tue 4 Jun 2030", "mar, 4 jun 2030". */
  day(instant: Date, timeZone: string): string;
}

/** The formats of `language`; a code Intl does not know gets English's. Pure. */
export function reportFormats(language: string): ReportFormats {
  let locale = language;
  try {
    Intl.getCanonicalLocales(language);
  } catch {
    locale = 'en';
  }
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec1 = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    int: (n) => int.format(n),
    dec1: (n) => dec1.format(n),
    rate: (r) => (r === null ? '-' : pct.format(r)),
    // English keeps the digest's day-month-year form (localDay); other languages use their own.
    day: (instant, timeZone) =>
      language === 'en' ? localDay(instant, timeZone) : new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(instant),
  };
}

/** A channel's name for organizers ("SMS", "Telegram"), in their language. */
export function channelName(texts: ReportTexts, channel: string): string {
  return isChannelName(channel) || channel === 'unknown' ? texts.translator.t(texts.language, `slack.channel_names.${channel}`) : channel;
}

/**
 * The language organizers read reports in: SLACK_ORGANIZER_LANGUAGE, else DEFAULT_LANGUAGE (as for
 * handoff tickets, src/channels/slack/settings.ts); a language that is not shipped falls back to
 * the default one, so its texts and its number formats agree.
 */
export function organizerLanguage(config: Pick<Config, 'SLACK_ORGANIZER_LANGUAGE' | 'DEFAULT_LANGUAGE'>, translator: Pick<Translator, 'keywordLanguages' | 'defaultLanguage'>): string {
  const language = config.SLACK_ORGANIZER_LANGUAGE ?? config.DEFAULT_LANGUAGE;
  return translator.keywordLanguages.includes(language) ? language : translator.defaultLanguage;
}

/** The organizers' texts: the runtime's translator (the CLI may have none: then locales/ is loaded here). */
export function reportTexts(rt: { config: Pick<Config, 'SLACK_ORGANIZER_LANGUAGE' | 'DEFAULT_LANGUAGE' | 'LOCALES_DIR'>; translator?: Translator }): ReportTexts {
  const translator = rt.translator ?? Translator.fromDir(rt.config.LOCALES_DIR, rt.config.DEFAULT_LANGUAGE);
  return { translator, language: organizerLanguage(rt.config, translator) };
}

/** "Tue 4 Jun 2030" in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(instant).replace(/,/g, '');
}
