/**
 * The simulator page's own texts (locales/<lang>/simulator.json), rendered by the server's
 * i18next for each language the page may show; the page fills `{{placeholders}}` itself.
 */
import type { Translator } from '../../i18n/translator';
import { variablesOf } from '../../i18n/placeholders';

/** Every text of the simulator namespace in `language`, placeholders kept for the page. */
export function simulatorTexts(translator: Translator, language: string): Record<string, string> {
  const english = translator.locales.catalog[translator.defaultLanguage]?.simulator ?? {};
  return Object.fromEntries(
    Object.entries(english)
      .filter(([, text]) => typeof text === 'string')
      .map(([key, text]) => {
        const keep = Object.fromEntries(variablesOf(text as string).map((v) => [v, `{{${v}}}`]));
        return [key, translator.t(language, `simulator.${key}`, keep)];
      }),
  );
}
