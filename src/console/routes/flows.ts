/**
 * The flows section (organizers and admins): the flows this server loaded, each one drawn as a
 * graph (laid out by elkjs, cached per flow version) with its texts in a chosen language and
 * written out as a list, and the flow versions active conversations are on (flow_versions).
 */
import type { FastifyInstance } from 'fastify';
import type english from '../../../locales/en/console-flows.json';
import { simulatorMode } from '../../config';
import type { CompiledFlow } from '../../engine/compile';
import { flowGraph, type GraphEdge, type StateNode } from '../../flows/graph';
import type { Translator } from '../../i18n/translator';
import { flowVersionUse } from '../../store/flow-versions';
import type { ConsoleDeps, PageContext } from '../context';
import { layoutCache } from '../flows/layout';
import { sectionT } from '../i18n';
import { query, sendPage } from '../render';
import type { GraphTexts, ShownText } from '../views/flow-graph';
import { FlowPage, FlowsPage, type StateStory } from '../views/flows';

const ORGANIZERS = { access: ['admin', 'organizer'] } as const;

/** A flow's text in `lang`, or the default language's when `lang` has none. */
function shown(translator: Translator, lang: string, key: string): ShownText | null {
  const own = translator.text(lang, key);
  if (own !== undefined) return { text: own, lang, dir: translator.dir(lang), fallback: false };
  const fallback = translator.text(translator.defaultLanguage, key);
  return fallback === undefined ? null : { text: fallback, lang: translator.defaultLanguage, dir: translator.dir(translator.defaultLanguage), fallback: true };
}

/** The comma-separated words of a flow's `keywords` key in `lang`, or null. */
function wordsOf(translator: Translator, lang: string, key: string | undefined): string[] | null {
  if (!key) return null;
  const words = (translator.text(lang, key) ?? translator.text(translator.defaultLanguage, key) ?? '')
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  return words.length ? words : null;
}

/** The texts of one flow page: the flow's in `lang`, the console's in the page's language. */
function graphTexts(page: PageContext, translator: Translator, lang: string, flowId: string): GraphTexts & { consoleText(text: string): ShownText } {
  const t = sectionT<typeof english>(page, 'console-flows');
  const consoleText = (text: string): ShownText => ({ text, lang: page.lang, dir: page.dir, fallback: false });
  const edge = (e: GraphEdge): ShownText => {
    switch (e.kind) {
      case 'choice': {
        const label = shown(translator, lang, e.label);
        return { ...(label ?? consoleText(e.label)), text: t('flow.edge.choice', { number: e.number, label: label?.text ?? e.label }) };
      }
      case 'answer':
        return consoleText(t('flow.edge.answer'));
      case 'known':
        return consoleText(t('flow.edge.known', { variable: e.variable }));
      case 'otherwise':
        return consoleText(t('flow.edge.otherwise'));
      case 'fail':
        return consoleText(t('flow.edge.fail', { tries: e.tries }));
      case 'language':
        return consoleText(t('flow.edge.language'));
      case 'schedule':
        return consoleText(t('flow.edge.schedule', { after: e.after }));
      default:
        return consoleText(t('flow.edge.next'));
    }
  };
  return {
    say: (state: StateNode) => (state.say ? shown(translator, lang, state.say) : null),
    edge,
    flowBox: (flow) => t('flow.flow_box', { flow }),
    openFlow: (flow) => t('flow.open_flow', { flow }),
    flowHref: (flow) => `/console/flows/${encodeURIComponent(flow)}?lang=${encodeURIComponent(lang)}`,
    saysNothing: t('flow.says_nothing'),
    graphLabel: t('flow.graph_label', { flow: flowId }),
    consoleText,
  };
}

export async function flowsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { translator, flows } = deps.rt;
  const layoutOf = layoutCache();

  app.get('/flows', { config: ORGANIZERS }, async (req, reply) => {
    const versions = await flowVersionUse(deps.db);
    const loaded = flows.all().sort((a, b) => a.id.localeCompare(b.id));
    const summaries = loaded.map((f) => ({
      id: f.id,
      description: f.def.description,
      states: Object.keys(f.def.states).length,
      words: wordsOf(translator, req.page.lang, f.def.keywords)?.join(', ') ?? null,
      active: versions.filter((v) => v.flowId === f.id).reduce((n, v) => n + v.active, 0),
    }));
    return sendPage(reply, FlowsPage({ page: req.page, flows: summaries, versions, current: new Map(loaded.map((f) => [f.id, f.hash])) }));
  });

  app.get<{ Params: { id: string } }>('/flows/:id', { config: ORGANIZERS }, async (req, reply) => {
    const flow: CompiledFlow | undefined = flows.current(req.params.id);
    if (!flow) return reply.callNotFound();
    const page = req.page;
    const asked = query(req, 'lang');
    const lang = translator.keywordLanguages.includes(asked) ? asked : page.lang;
    const t = sectionT<typeof english>(page, 'console-flows');
    const graph = flowGraph(flow.def);
    const [layout, versions] = await Promise.all([layoutOf(flow.hash, graph), flowVersionUse(deps.db)]);
    const texts = graphTexts(page, translator, lang, flow.id);
    const states: StateStory[] = graph.nodes.flatMap((node) => {
      if (node.kind !== 'state') return [];
      return [
        {
          node,
          said: texts.say(node),
          waits: node.waits === 'input' ? t('flow.waits.input', { input: node.input ?? '' }) : t(`flow.waits.${node.waits}`),
          actions: node.actions.length ? node.actions.join(', ') : null,
          ways: graph.edges
            .filter((e) => e.from === node.id)
            .map((e) => ({
              label: texts.edge(e),
              target: e.to.startsWith('@') ? { kind: 'flow' as const, id: e.to.slice(1), href: texts.flowHref(e.to.slice(1)), name: e.to.slice(1) } : { kind: 'state' as const, id: e.to },
            })),
        },
      ];
    });
    const word = wordsOf(translator, lang, flow.def.keywords)?.[0];
    return sendPage(
      reply,
      FlowPage({
        page,
        graph,
        layout,
        texts,
        lang,
        languages: page.languages,
        states,
        simulator: { on: simulatorMode(deps.rt.config) !== 'off', word: word ? word.toUpperCase() : null, command: `civic-engage chat --lang ${lang}` },
        versions: versions.filter((v) => v.flowId === flow.id),
        current: flow.hash,
      }),
    );
  });
}
