/**
 * The form that writes a campaign, and the box for its YAML (pasted, or a file chosen). Every
 * problem the validation finds is shown next to its field and in the summary at the top.
 */
import type { CampaignFormValues } from '../campaigns/form';
import { FORM_CHANNELS } from '../campaigns/form';
import type { PageContext } from '../context';
import { Button, CsrfField, describedBy, ErrorSummary, Field, RadioGroup, SelectField, TextField, type ShownError } from './components';
import { Back, campaignsT, type Names } from './campaigns-common';
import { Layout } from './layout';
import { textDirection } from './text';

function ErrorLine(props: { id: string; error?: string }): JSX.Element {
  if (!props.error) return '';
  return (
    <p class="error-message" id={`${props.id}-error`} safe>
      {props.error}
    </p>
  );
}

/** A labelled textarea (a text in one language, or YAML). */
function TextArea(props: { id: string; name?: string; label: string; value: string; hint?: string; error?: string; lang?: string; rows?: number }): JSX.Element {
  const { id, hint, error } = props;
  return (
    <Field id={id} label={props.label} hint={hint} error={error}>
      <textarea id={id} name={props.name ?? id} rows={String(props.rows ?? 3)} lang={props.lang} dir={props.lang ? textDirection(props.lang) : 'auto'} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined} safe>
        {props.value}
      </textarea>
    </Field>
  );
}

/** Checkboxes in a fieldset whose legend is the question. */
function Checkboxes(props: { id: string; name: string; legend: string; options: { value: string; label: string }[]; values: string[]; error?: string }): JSX.Element {
  const { id, error } = props;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend safe>{props.legend}</legend>
      <ErrorLine id={id} error={error} />
      <div class="radios">
        {props.options.map((o, i) => {
          const optionId = i === 0 ? id : `${id}-${o.value}`;
          return (
            <div class="radio">
              <input type="checkbox" id={optionId} name={props.name} value={o.value} checked={props.values.includes(o.value)} />
              <label for={optionId} safe>
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function NewCampaignPage(props: { page: PageContext; values: CampaignFormValues; yaml: string; languages: readonly string[]; names: Names; errors?: ShownError[] }): JSX.Element {
  const { page, values: v, names } = props;
  const ct = campaignsT(page);
  const errors = props.errors ?? [];
  const error = (field: string) => {
    const found = errors.filter((e) => e.field === field).map((e) => e.message);
    return found.length ? found.join(' ') : undefined;
  };
  return (
    <Layout page={page} title={ct('form.title')}>
      <Back href="/console/campaigns" label={ct('list.title')} />
      <ErrorSummary page={page} errors={errors} />
      <h1 safe>{ct('form.title')}</h1>
      <p class="hint" safe>
        {ct('form.intro')}
      </p>
      <form method="post" action="/console/campaigns" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="mode" value="form" />
        <TextField id="id" label={ct('form.id')} hint={ct('form.id_hint')} value={v.id} error={error('id')} required />
        <TextField id="name" label={ct('form.name')} value={v.name} error={error('name')} required />

        <h2 safe>{ct('form.who')}</h2>
        <Checkboxes id="channels" name="channels" legend={ct('form.channels')} options={FORM_CHANNELS.map((c) => ({ value: c, label: names.channel(c) }))} values={v.channels} error={error('channels')} />
        <TextField id="languages" label={ct('form.languages')} hint={ct('form.languages_hint')} value={v.languages} error={error('languages')} />
        <TextField id="states" label={ct('form.states')} hint={ct('form.states_hint')} value={v.states} error={error('states')} />
        <TextField id="tags" label={ct('form.tags')} hint={ct('form.tags_hint')} value={v.tags} error={error('tags')} />
        <TextField id="exclude_tags" label={ct('form.exclude_tags')} value={v.exclude_tags} error={error('exclude_tags')} />
        <SelectField
          id="registered"
          label={ct('form.registered')}
          value={v.registered}
          error={error('registered')}
          options={[
            { value: '', label: ct('form.registered_any') },
            { value: 'yes', label: ct('form.registered_yes') },
            { value: 'no', label: ct('form.registered_no') },
          ]}
        />
        <TextField id="consent_sources" label={ct('form.consent_sources')} hint={ct('form.consent_sources_hint')} value={v.consent_sources} error={error('consent_sources')} />

        <h2 safe>{ct('form.what')}</h2>
        <RadioGroup
          id="message_kind"
          legend={ct('form.message_kind')}
          value={v.message_kind}
          options={[
            { value: 'text', label: ct('form.kind_text') },
            { value: 'key', label: ct('form.kind_key') },
          ]}
        />
        {props.languages.map((lang) => (
          <TextArea id={`text-${lang}`} name={`text_${lang}`} label={ct('form.text', { language: names.language(lang) })} hint={lang === props.languages[0] ? ct('form.text_hint', { example: '{{name}}, {{registration_deadline}}' }) : undefined} value={v.text[lang] ?? ''} error={error(`text-${lang}`)} lang={lang} />
        ))}
        <TextField id="message" label={ct('form.message')} hint={ct('form.message_hint')} value={v.message} error={error('message')} />

        <h2 safe>{ct('form.when')}</h2>
        <RadioGroup
          id="send"
          legend={ct('form.send')}
          value={v.send}
          error={error('send')}
          options={[
            { value: 'now', label: ct('form.send_now') },
            { value: 'at', label: ct('form.send_at') },
            { value: 'anchor', label: ct('form.send_anchor') },
          ]}
        />
        <TextField id="send_at" label={ct('form.send_at_field')} hint={ct('form.send_at_hint')} value={v.send_at} error={error('send_at')} />
        <TextField id="anchor_date" label={ct('form.anchor_date')} hint={ct('form.anchor_date_hint')} value={v.anchor_date} error={error('anchor_date')} />
        <TextField id="anchor_days" label={ct('form.anchor_days')} value={v.anchor_days} error={error('anchor_days')} />
        <TextField id="anchor_at" label={ct('form.anchor_at')} value={v.anchor_at} error={error('anchor_at')} />

        <h2 safe>{ct('form.how_fast')}</h2>
        <TextField id="pacing" label={ct('form.pacing')} hint={ct('form.pacing_hint')} value={v.pacing} error={error('pacing')} />
        <fieldset class="field">
          <legend safe>{ct('form.breaker')}</legend>
          <p class="hint" safe>
            {ct('form.breaker_hint')}
          </p>
          <TextField id="breaker_rate" label={ct('form.breaker_rate')} value={v.breaker_rate} error={error('breaker_rate')} />
          <TextField id="breaker_window" label={ct('form.breaker_window')} value={v.breaker_window} error={error('breaker_window')} />
          <TextField id="breaker_min" label={ct('form.breaker_min')} value={v.breaker_min} error={error('breaker_min')} />
        </fieldset>
        <Button label={ct('form.save')} />
      </form>

      <h2 safe>{ct('form.yaml_title')}</h2>
      <form method="post" action="/console/campaigns" enctype="multipart/form-data" novalidate>
        <CsrfField page={page} />
        <input type="hidden" name="mode" value="yaml" />
        <TextArea id="yaml" label={ct('form.yaml')} hint={ct('form.yaml_hint')} value={props.yaml} error={error('yaml')} rows={12} lang="en" />
        <div class="field">
          <label for="yaml_file" safe>
            {ct('form.yaml_file')}
          </label>
          <input type="file" id="yaml_file" name="yaml_file" accept=".yaml,.yml,.json,text/yaml,application/json" />
        </div>
        <Button label={ct('form.save_yaml')} variant="secondary" />
      </form>
    </Layout>
  );
}
