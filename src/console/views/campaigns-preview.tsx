/**
 * A campaign's preview (previewCampaign, the same as `campaign preview`): its audience per language
 * and channel, its text in each language as a recipient reads it, SMS segments and cost, and what
 * stops it, each with how to fix it. As a launch, or as a rehearsal.
 */
import type { CampaignPreview } from '../../campaigns/preview';
import { problemKind } from '../campaigns/explain';
import type { PageContext } from '../context';
import { TableHead } from './components';
import { Back, campaignsT, type Names } from './campaigns-common';
import { Layout } from './layout';
import { textDirection } from './text';

/** The problems that stop a launch or rehearsal, each with how to fix it (shared with the confirmation page). */
export function Blockers(props: { page: PageContext; problems: string[] }): JSX.Element {
  const ct = campaignsT(props.page);
  if (!props.problems.length) return <p safe>{ct('preview.no_blockers')}</p>;
  return (
    <ul class="blockers">
      {props.problems.map((problem) => {
        const kind = problemKind(problem);
        return (
          <li>
            <span lang="en" dir="ltr" safe>
              {problem}
            </span>
            {kind ? (
              <p class="hint">
                <strong safe>{ct('preview.fix')}</strong> <span safe>{ct(`fixes.${kind}`)}</span>
              </p>
            ) : (
              ''
            )}
          </li>
        );
      })}
    </ul>
  );
}

const money = (lang: string, n: number) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }).format(n);

export function PreviewPage(props: { page: PageContext; name: string; preview: CampaignPreview; names: Names; rehearsalAvailable: boolean; launchable: boolean }): JSX.Element {
  const { page, preview: p, names } = props;
  const ct = campaignsT(page);
  const base = `/console/campaigns/${p.id}`;
  const channels = p.channels.length ? p.channels.map((c) => names.channel(c)).join(', ') : ct('preview.none');
  return (
    <Layout page={page} title={ct('preview.title', { name: props.name })}>
      <Back href={base} label={props.name} />
      <h1 safe>{ct('preview.title', { name: props.name })}</h1>
      <p class="panel" safe>
        {p.rehearsal ? ct('preview.as_rehearsal') : ct('preview.as_launch')}
      </p>
      {props.launchable && props.rehearsalAvailable ? (
        <p>
          <a href={p.rehearsal ? `${base}/preview` : `${base}/preview?mode=rehearsal`} safe>
            {p.rehearsal ? ct('preview.show_launch') : ct('preview.show_rehearsal')}
          </a>
        </p>
      ) : (
        ''
      )}

      <h2 safe>{ct('preview.blockers')}</h2>
      <Blockers page={page} problems={p.problems} />

      <h2 safe>{ct('preview.audience')}</h2>
      <p safe>{ct('preview.total', { count: p.audience.total, channels })}</p>
      {p.audience.cells.length ? (
        <table class="table">
          <TableHead caption={ct('preview.audience_caption')} columns={[ct('page.language'), ct('page.channel'), ct('preview.people')]} />
          <tbody>
            {p.audience.cells.map((c) => (
              <tr>
                <th scope="row" data-label={ct('page.language')} safe>
                  {names.language(c.language)}
                </th>
                <td data-label={ct('page.channel')} safe>
                  {names.channel(c.channel)}
                </td>
                <td data-label={ct('preview.people')} safe>
                  {String(c.count)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}

      <h2 safe>{ct('preview.texts')}</h2>
      {p.texts.map((text) => (
        <section class="preview-text" aria-labelledby={`text-${text.step}-${text.language}-${text.channel}`}>
          <h3 id={`text-${text.step}-${text.language}-${text.channel}`} safe>
            {`${names.language(text.language)} · ${names.channel(text.channel)}${p.texts.some((t) => t.step > 1) ? ` · ${ct('preview.step', { step: text.step })}` : ''}`}
          </h3>
          {text.text ? (
            <p class="message-text" lang={text.language} dir={textDirection(text.language)} safe>
              {text.text}
            </p>
          ) : (
            ''
          )}
          {text.segments ? <p class="hint" safe>{ct('preview.segments', { segments: text.segments, encoding: text.encoding ?? '' })}</p> : ''}
          {text.fallback ? <p class="hint" safe>{ct('preview.fallback')}</p> : ''}
          {text.skipped ? <p class="hint" safe>{ct('preview.skipped')}</p> : ''}
        </section>
      ))}

      <h2 safe>{ct('preview.cost')}</h2>
      <p safe>
        {ct('preview.cost_value', { segments: p.sms.segments, messages: p.sms.messages, cost: money(page.lang, p.sms.estimatedCost), price: money(page.lang, p.sms.pricePerSegment) })}
      </p>
      {p.rehearsal ? <p class="hint" safe>{ct('preview.cost_rehearsal')}</p> : ''}

      {p.warnings.length ? (
        <>
          <h2 safe>{ct('preview.warnings')}</h2>
          <ul>
            {p.warnings.map((w) => (
              <li>
                <span lang="en" dir="ltr" safe>
                  {w}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {props.launchable ? (
        <p>
          <a class="button button-primary" href={`${base}/launch${p.rehearsal ? '?mode=rehearsal' : ''}`} safe>
            {p.rehearsal ? ct('page.rehearse') : ct('page.launch')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
