/** The confirmations in front of launch, rehearse, pause and resume: what will happen, and one button. */
import type { PageContext } from '../context';
import { Button, CsrfField, ErrorSummary, TextField } from './components';
import { Back, campaignsT } from './campaigns-common';
import { Blockers } from './campaigns-preview';
import { Layout } from './layout';

export type ConfirmAction = 'launch' | 'rehearse' | 'pause' | 'resume';

export function ConfirmPage(props: { page: PageContext; id: string; name: string; action: ConfirmAction; people?: number; problems?: string[]; refused?: string }): JSX.Element {
  const { page, id, name, action } = props;
  const ct = campaignsT(page);
  const base = `/console/campaigns/${id}`;
  const title = ct(`confirm.${action === 'rehearse' ? 'rehearse' : action}_title`, { name });
  const body = ct(`confirm.${action}_body`, { count: props.people ?? 0 });
  const path = action === 'rehearse' ? 'launch' : action;
  const problems = props.problems ?? [];
  return (
    <Layout page={page} title={title}>
      <Back href={base} label={name} />
      {props.refused ? (
        <div class="error-summary" role="alert" tabindex="-1" autofocus>
          <h2 safe>{ct('confirm.refused')}</h2>
          <p class="pre" lang="en" dir="ltr" safe>
            {props.refused}
          </p>
        </div>
      ) : (
        <ErrorSummary page={page} errors={[]} />
      )}
      <h1 safe>{title}</h1>
      <p safe>{body}</p>
      {problems.length ? <Blockers page={page} problems={problems} /> : ''}
      <form method="post" action={`${base}/${path}`}>
        <CsrfField page={page} />
        {action === 'rehearse' ? <input type="hidden" name="mode" value="rehearsal" /> : ''}
        {action === 'pause' ? <TextField id="reason" label={ct('confirm.reason')} /> : ''}
        <div class="filter-actions">
          <Button label={ct(`confirm.${action}`)} variant={action === 'pause' ? 'warning' : 'primary'} />
          <a class="button button-secondary" href={base} safe>
            {ct('confirm.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}
