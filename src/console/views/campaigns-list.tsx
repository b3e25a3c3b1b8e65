/** The campaigns list: every campaign with its state (and whether it is a rehearsal). */
import type { CampaignStatus } from '../../campaigns/tables';
import type { PageContext } from '../context';
import { Empty, Notice, Time, TableHead } from './components';
import { campaignsT, StateBadge } from './campaigns-common';
import { Layout } from './layout';

/** One campaign of the list. */
export interface CampaignListRow {
  id: string;
  name: string;
  status: CampaignStatus;
  rehearsal: boolean;
  launched_at: Date | null;
}

export function CampaignsPage(props: { page: PageContext; rows: CampaignListRow[]; rehearsalAvailable: boolean; notice?: string }): JSX.Element {
  const { page, rows } = props;
  const ct = campaignsT(page);
  return (
    <Layout page={page} title={ct('list.title')}>
      {props.notice ? <Notice message={props.notice} /> : ''}
      <div class="title-row">
        <h1 safe>{ct('list.title')}</h1>
        <a class="button button-primary" href="/console/campaigns/new" safe>
          {ct('list.new')}
        </a>
      </div>
      {props.rehearsalAvailable ? (
        <p class="panel" safe>
          {ct('list.rehearsal_note')}
        </p>
      ) : (
        ''
      )}
      {rows.length ? (
        <table class="table">
          <TableHead caption={ct('list.caption')} columns={[ct('list.name'), ct('list.state'), ct('list.launched')]} />
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row" data-label={ct('list.name')}>
                  <a href={`/console/campaigns/${r.id}`}>
                    <bdi safe>{r.name}</bdi>
                  </a>{' '}
                  <span class="address" dir="ltr" safe>
                    {r.id}
                  </span>
                </th>
                <td data-label={ct('list.state')}>
                  <StateBadge ct={ct} status={r.status} rehearsal={r.rehearsal} />
                </td>
                <td data-label={ct('list.launched')}>
                  {r.launched_at ? (
                    <Time page={page} at={r.launched_at} />
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty text={ct('list.empty')} />
      )}
    </Layout>
  );
}
