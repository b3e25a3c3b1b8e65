/** What the campaign pages share: their texts, a campaign's state badge, and how a language is named. */
import type english from '../../../locales/en/console-campaigns.json';
import type { CampaignStatus } from '../../campaigns/tables';
import type { PageContext } from '../context';
import { sectionT, type KeysOf } from '../i18n';

export type CampaignsKey = KeysOf<typeof english>;
/** The campaign pages' `t`. */
export type CT = (key: CampaignsKey, vars?: Record<string, string | number>) => string;

/** The campaign pages' texts in the page's language (locales/<lang>/console-campaigns.json). */
export function campaignsT(page: PageContext): CT {
  return sectionT<typeof english>(page, 'console-campaigns');
}

/** How the pages name channels and languages (in the page's language). */
export interface Names {
  channel(name: string | null): string;
  language(code: string | null): string;
}

/** A campaign's state, and "Rehearsal" beside it when it is one. */
export function StateBadge(props: { ct: CT; status: CampaignStatus; rehearsal: boolean }): JSX.Element {
  const { ct } = props;
  const on = props.status === 'running';
  return (
    <>
      <span class={on ? 'status status-on' : 'status status-off'} safe>
        {ct(`status.${props.status}`)}
      </span>
      {props.rehearsal ? (
        <>
          {' '}
          <span class="status status-rehearsal" safe>
            {ct('status.rehearsal')}
          </span>
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** The link back to the campaigns list or a campaign. */
export function Back(props: { href: string; label: string }): JSX.Element {
  return (
    <p class="back">
      <a href={props.href} safe>
        {props.label}
      </a>
    </p>
  );
}
