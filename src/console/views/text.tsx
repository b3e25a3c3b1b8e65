/**
 * A person's or an organizer's words inside a console page, marked with their own language and
 * direction, so an Arabic message reads right to left and a Chinese one gets a Chinese font
 * inside an English page: `<Text lang="ar">…</Text>` → `<span lang="ar" dir="rtl">…</span>`.
 * With no language known, the browser finds the direction from the text itself (dir="auto").
 */
import i18next from 'i18next';

/** Text direction of a language code (i18next's list of right-to-left scripts). */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  return i18next.dir(lang) as 'ltr' | 'rtl';
}

/** The `dir` of a person's words in a language: that language's direction, or `auto` (the browser reads it from the text) when none is known. */
export function dirOf(lang: string | null | undefined): 'ltr' | 'rtl' | 'auto' {
  return lang ? textDirection(lang) : 'auto';
}

/** The text, escaped, in an element that carries its language and direction. */
export function Text(props: { lang?: string | null; as?: 'span' | 'p' | 'div'; class?: string; children: string }): JSX.Element {
  const tag = props.as ?? 'span';
  const lang = props.lang || undefined;
  return (
    <tag of={tag} lang={lang} dir={dirOf(lang)} class={props.class} safe>
      {props.children}
    </tag>
  );
}

/**
 * The `lang` and `dir` attributes for a person's words in `language` (spread them on the element
 * that holds the words, with `safe`); "unknown" or none: no `lang`, and the browser finds the
 * direction from the text (dir="auto").
 */
export function langOf(language: string | null | undefined): { lang?: string; dir: 'ltr' | 'rtl' | 'auto' } {
  return language && language !== 'unknown' ? { lang: language, dir: textDirection(language) } : { dir: 'auto' };
}
