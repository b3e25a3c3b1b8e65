/** The flows section: the list of flows with the versions conversations are on, and one flow as a graph and as a list. */
import type english from '../../../locales/en/console-flows.json';
import type { FlowGraph, StateNode } from '../../flows/graph';
import type { FlowVersionUse } from '../../store/flow-versions';
import type { PageContext } from '../context';
import type { GraphLayout } from '../flows/layout';
import { sectionT, type LanguageOption } from '../i18n';
import { Empty, SelectField, Time, TableHead } from './components';
import { FlowGraphSvg, type GraphTexts, type ShownText } from './flow-graph';
import { Layout } from './layout';

const tOf = (page: PageContext) => sectionT<typeof english>(page, 'console-flows');

/** One row of the list. */
export interface FlowSummary {
  id: string;
  description?: string;
  states: number;
  /** The words that start it, in the page's language; null when it has none. */
  words: string | null;
  active: number;
}

/** A flow's versions with their conversations, newest first; `current` is the loaded one. */
export function VersionsTable(props: { page: PageContext; flow: string; versions: FlowVersionUse[]; current: string | undefined }): JSX.Element {
  const t = tOf(props.page);
  if (!props.versions.length) return <Empty text={t('versions.none')} />;
  return (
    <table class="table versions" data-flow={props.flow}>
      <TableHead caption={t('versions.caption', { flow: props.flow })} columns={[t('versions.version'), t('versions.first_seen'), t('versions.active')]} />
      <tbody>
        {props.versions.map((v) => (
          <tr data-version={v.hash}>
            <th scope="row" data-label={t('versions.version')}>
              <code safe>{v.hash}</code>{' '}
              <span class={v.hash === props.current ? 'status status-on' : 'status status-off'} safe>
                {v.hash === props.current ? t('versions.current') : t('versions.older')}
              </span>
            </th>
            <td data-label={t('versions.first_seen')}>
              <Time page={props.page} at={v.firstSeen} />
            </td>
            <td data-label={t('versions.active')} class="count" safe>
              {String(v.active)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The list of flows. */
export function FlowsPage(props: { page: PageContext; flows: FlowSummary[]; versions: FlowVersionUse[]; current: Map<string, string> }): JSX.Element {
  const { page } = props;
  const t = tOf(page);
  const flowIds = [...new Set([...props.flows.map((f) => f.id), ...props.versions.map((v) => v.flowId)])].sort();
  return (
    <Layout page={page} title={t('list.title')}>
      <h1 safe>{t('list.title')}</h1>
      <p safe>{t('list.intro')}</p>
      <p class="hint" safe>{t('list.edit_note')}</p>
      <table class="table flows">
        <TableHead caption={t('list.caption')} columns={[t('list.flow'), t('list.description'), t('list.states'), t('list.starts'), t('list.active')]} />
        <tbody>
          {props.flows.map((f) => (
            <tr data-flow={f.id}>
              <th scope="row" data-label={t('list.flow')}>
                <a href={`/console/flows/${f.id}`} safe>{f.id}</a>
              </th>
              <td data-label={t('list.description')} lang="en" class="break" safe>
                {f.description ?? ''}
              </td>
              <td data-label={t('list.states')} class="count" safe>{String(f.states)}</td>
              <td data-label={t('list.starts')} class="break" safe>{f.words ?? t('list.no_words')}</td>
              <td data-label={t('list.active')} class="count" safe>{String(f.active)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="versions" safe>{t('versions.title')}</h2>
      <p safe>{t('versions.intro')}</p>
      {flowIds.map((id) => (
        <section class="flow-versions" aria-labelledby={`versions-${id}`}>
          <h3 id={`versions-${id}`}>
            <a href={`/console/flows/${id}`} safe>{id}</a>
          </h3>
          <VersionsTable page={page} flow={id} versions={props.versions.filter((v) => v.flowId === id)} current={props.current.get(id)} />
        </section>
      ))}
    </Layout>
  );
}

/** A state as the list under the graph tells it. */
export interface StateStory {
  node: StateNode;
  said: ShownText | null;
  waits: string;
  actions: string | null;
  ways: { label: ShownText; target: { kind: 'state'; id: string } | { kind: 'flow'; id: string; href: string; name: string } }[];
}

/** Whether the simulator is there to try the flow in, and how to start the flow there. */
export interface SimulatorHint {
  on: boolean;
  /** The word that starts the flow, in the chosen language. */
  word: string | null;
  /** `civic-engage chat --lang xx`, for when it is off. */
  command: string;
}

/** One flow: the language picker, the simulator, the graph, every state written out, its versions. */
export function FlowPage(props: {
  page: PageContext;
  graph: FlowGraph;
  layout: GraphLayout;
  texts: GraphTexts;
  lang: string;
  languages: LanguageOption[];
  states: StateStory[];
  simulator: SimulatorHint;
  versions: FlowVersionUse[];
  current: string;
}): JSX.Element {
  const { page, graph } = props;
  const t = tOf(page);
  const title = t('flow.title', { flow: graph.id });
  return (
    <Layout page={page} title={title}>
      <p class="back">
        <a href="/console/flows" safe>{t('flow.back')}</a>
      </p>
      <h1 safe>{title}</h1>
      {graph.description ? <p lang="en" safe>{graph.description}</p> : ''}
      <div class="flow-tools">
        <form method="get" action={`/console/flows/${graph.id}`} class="filters">
          <SelectField id="lang" label={t('flow.language')} value={props.lang} options={props.languages.map((l) => ({ value: l.code, label: l.name, lang: l.code }))} />
          <div class="filter-actions">
            <button type="submit" class="button button-secondary" safe>{t('flow.show')}</button>
          </div>
        </form>
        <section class="try-it" aria-labelledby="try-title">
          <h2 id="try-title" safe>{t('simulator.title')}</h2>
          {props.simulator.on ? (
            <>
              <p>
                <a class="button button-secondary" href="/simulator" safe>{t('simulator.link')}</a>
              </p>
              <p safe>{props.simulator.word ? t('simulator.keyword', { word: props.simulator.word }) : t('simulator.no_keyword')}</p>
            </>
          ) : (
            <>
              <p safe>{t('simulator.off')}</p>
              <pre class="command"><code safe>{props.simulator.command}</code></pre>
              {props.simulator.word ? <p safe>{t('simulator.keyword', { word: props.simulator.word })}</p> : ''}
            </>
          )}
        </section>
      </div>
      <h2 id="graph-title" safe>{t('flow.graph_title')}</h2>
      <p class="hint" id="graph-hint" safe>{t('flow.graph_hint')}</p>
      <div class="graph-scroll" role="region" aria-labelledby="graph-title" aria-describedby="graph-hint" tabindex="0">
        <FlowGraphSvg graph={graph} layout={props.layout} texts={props.texts} />
      </div>
      <h2 id="states-title" safe>{t('flow.list_title')}</h2>
      <ol class="states" aria-labelledby="states-title">
        {props.states.map((s) => (
          <li id={`about-${s.node.id}`} class="state" data-state={s.node.id}>
            <h3>
              <code safe>{s.node.id}</code>
              {s.node.start ? (
                <>
                  {' '}
                  <span class="status status-on" safe>{t('flow.start')}</span>
                </>
              ) : (
                ''
              )}
            </h3>
            {s.said ? (
              <>
                <p class="state-text" lang={s.said.lang} dir={s.said.dir} safe>
                  {s.said.text}
                </p>
                {s.said.fallback ? <p class="hint" safe>{t('flow.not_translated')}</p> : ''}
              </>
            ) : (
              <p class="hint" safe>{t('flow.says_nothing')}</p>
            )}
            <p safe>{s.waits}</p>
            {s.node.questions ? <p safe>{t('flow.questions')}</p> : ''}
            {s.actions ? <p safe>{t('flow.does', { actions: s.actions })}</p> : ''}
            <p class="ways-title" safe>{t('flow.ways')}</p>
            {s.ways.length ? (
              <ul class="ways">
                {s.ways.map((w) => (
                  <li>
                    <span lang={w.label.lang} dir={w.label.dir} safe>
                      {w.label.text}
                    </span>
                    <span aria-hidden="true">{page.dir === 'rtl' ? ' ← ' : ' → '}</span>
                    {w.target.kind === 'state' ? (
                      <a href={`#about-${w.target.id}`}>
                        <code safe>{w.target.id}</code>
                      </a>
                    ) : (
                      <a href={w.target.href} safe>{t('flow.goes_to_flow', { flow: w.target.id })}</a>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="hint" safe>{t('flow.no_ways')}</p>
            )}
          </li>
        ))}
      </ol>
      <h2 id="versions" safe>{t('versions.title')}</h2>
      <p safe>{t('versions.intro')}</p>
      <VersionsTable page={page} flow={graph.id} versions={props.versions} current={props.current} />
    </Layout>
  );
}
