/** The building blocks of console forms and pages: fields with their labels, hints and errors, the error summary, notices. */
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../accounts/passwords';
import type { PageContext } from '../context';
import type { Children } from '@kitajs/html';
import type { ConsoleKey } from '../i18n';

declare global {
  namespace JSX {
    interface HtmlTag {
      /** A global attribute (HTML): the focus goes to this element when the page loads (the error summary, a notice). */
      autofocus?: undefined | boolean;
    }
  }
}

/** An error shown next to a field and in the summary at the top. */
export interface ShownError {
  /** The id of the field it is about (the summary links to it). */
  field: string;
  message: string;
}

/** The hidden field that carries a form's CSRF token. */
export function CsrfField(props: { page: PageContext }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.page.csrf()} />;
}

/**
 * The errors of a form, at the top of the page, each linking to its field. It takes the focus
 * when the page loads, so a screen reader says what went wrong first.
 */
export function ErrorSummary(props: { page: PageContext; errors: ShownError[] }): JSX.Element {
  if (!props.errors.length) return '';
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
      <h2 id="error-summary-title" safe>
        {props.page.t('form.error_summary')}
      </h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`} safe>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A confirmation after a change ("Saved."), focused so it is announced. */
export function Notice(props: { message: string }): JSX.Element {
  return (
    <div class="notice" role="status" tabindex="-1" autofocus>
      <p safe>{props.message}</p>
    </div>
  );
}

/** A moment: machine-readable in `datetime`, as text in the reader's language and time zone. */
export function Time(props: { page: PageContext; at: Date | string }): JSX.Element {
  const at = typeof props.at === 'string' ? new Date(props.at) : props.at;
  return (
    <time datetime={at.toISOString()} safe>
      {props.page.formatTime(at)}
    </time>
  );
}

/** A data table's caption and column headings (also under the charts' tables of numbers). */
export { TableHead } from '../markup/table-head';

/** What a list or a table says instead when it has nothing to show. */
export function Empty(props: { text: string }): JSX.Element {
  return (
    <p class="empty" safe>
      {props.text}
    </p>
  );
}

/** The `aria-describedby` of a field's control: its hint and its error, where it has them. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/**
 * A form field's frame: its label, its hint and its error (ids `<id>-hint`, `<id>-error`, which
 * the control names with describedBy()), then the control itself.
 */
export function Field(props: { id: string; label: string; hint?: string; error?: string; children: Children }): JSX.Element {
  const { id, hint, error } = props;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="error-message" id={`${id}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
      {props.children}
    </div>
  );
}

/** A labelled text input (text, email, password), with an optional hint and error. */
export function TextField(props: {
  id: string;
  name?: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  autofocus?: boolean;
  dir?: 'auto';
}): JSX.Element {
  const { id, hint, error } = props;
  return (
    <Field id={id} label={props.label} hint={hint} error={error}>
      <input
        id={id}
        name={props.name ?? id}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        autofocus={props.autofocus}
        dir={props.dir}
        spellcheck={props.type === 'email' || props.type === 'password' ? 'false' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </Field>
  );
}

/** A labelled select. */
export function SelectField(props: {
  id: string;
  name?: string;
  label: string;
  /** `text`: what the option stands for, for the page's script (a canned reply's words). */
  options: { value: string; label: string; lang?: string; text?: string }[];
  value?: string;
  hint?: string;
  error?: string;
}): JSX.Element {
  const { id, hint, error } = props;
  return (
    <Field id={id} label={props.label} hint={hint} error={error}>
      <select id={id} name={props.name ?? id} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} lang={o.lang} data-text={o.text} safe>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Radio buttons in a fieldset whose legend is the question; each choice may have a hint. */
export function RadioGroup(props: {
  id: string;
  name?: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  value?: string;
  error?: string;
}): JSX.Element {
  const { id, error } = props;
  const name = props.name ?? id;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend safe>{props.legend}</legend>
      {error ? (
        <p class="error-message" id={`${id}-error`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
      <div class="radios">
        {props.options.map((o, i) => {
          // The first radio carries the field's id, so the error summary's link lands on it.
          const optionId = i === 0 ? id : `${id}-${o.value}`;
          return (
            <div class="radio">
              <input type="radio" id={optionId} name={name} value={o.value} checked={o.value === props.value} aria-describedby={o.hint ? `${optionId}-hint` : undefined} />
              <label for={optionId} safe>
                {o.label}
              </label>
              {o.hint ? (
                <p class="hint" id={`${optionId}-hint`} safe>
                  {o.hint}
                </p>
              ) : (
                ''
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A form's submit button. `warning` for what cannot be undone lightly (disabling an account). */
export function Button(props: { label: string; variant?: 'primary' | 'secondary' | 'warning' }): JSX.Element {
  return (
    <button type="submit" class={`button button-${props.variant ?? 'primary'}`} safe>
      {props.label}
    </button>
  );
}

/** Field errors as the page shows them: each code is a text under console.errors (`vars` fill its placeholders). */
export function shownErrors(page: PageContext, errors: { field: string; code: string }[], vars: Record<string, string> = {}): ShownError[] {
  return errors.map((e) => ({ field: e.field, message: page.t(`errors.${e.code}` as ConsoleKey, { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, ...vars }) }));
}
