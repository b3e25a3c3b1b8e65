/**
 * How the console names a community: a language code in the page's language ("vi" → "Vietnamese"
 * on an English page, "الفيتنامية" on an Arabic one, from Intl), a channel by its name for
 * organizers (slack.channel_names, as the digest does). Pure given the translator.
 */
import { channelName } from '../../i18n/organizer-texts';
import type { Translator } from '../../i18n/translator';

/** Names for languages and channels, in `pageLanguage`. */
export interface CommunityNames {
  language(code: string): string;
  channel(code: string): string;
}

/** `unknown`: what "unknown" is called (a person who chose no language), in the page's language. */
export function communityNames(translator: Translator, pageLanguage: string, unknown: { language: string; channel: string }): CommunityNames {
  let display: Intl.DisplayNames | undefined;
  try {
    display = new Intl.DisplayNames([pageLanguage, 'en'], { type: 'language', fallback: 'none' });
  } catch {
    display = undefined;
  }
  return {
    language: (code) => {
      if (code === 'unknown') return unknown.language;
      try {
        return display?.of(code) ?? code;
      } catch {
        return code; // not a well-formed tag
      }
    },
    channel: (code) => (code === 'unknown' ? unknown.channel : channelName({ translator, language: pageLanguage }, code)),
  };
}
