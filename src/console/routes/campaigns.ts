/**
 * The campaigns pages (organizers and admins): the list, the form or YAML that saves a campaign,
 * its preview, launch / rehearse / pause / resume behind confirmations, its live progress, and
 * what a rehearsal recorded. Everything goes through the campaigns domain the CLI and the admin
 * API use (src/campaigns): the same validation, the same save, preview, launch, pause and resume.
 * Every change is in the audit log.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { breakerSettings } from '../../campaigns/breaker';
import { launchCampaign, listCampaigns, resumeCampaign, saveCampaign } from '../../campaigns/control';
import { CampaignError, checkCampaign, checkCampaignYaml, type CampaignIssue } from '../../campaigns/definition';
import { pauseCampaign } from '../../campaigns/pause';
import { previewCampaign } from '../../campaigns/preview';
import { rehearsalAvailable } from '../../campaigns/rehearsal';
import { rehearsalCsv, rehearsalLog } from '../../campaigns/rehearsal-log';
import { campaignStatus } from '../../campaigns/status';
import { loadCampaign, type StoredCampaign } from '../../campaigns/stored';
import { actorOf, recordAudit, type AuditAction } from '../audit';
import { definitionFromForm, emptyForm, issuesByField, type CampaignFormValues } from '../campaigns/form';
import type { ConsoleDeps, PageContext } from '../context';
import { field, query, seeOther, sendPage } from '../render';
import type { ShownError } from '../views/components';
import { ErrorPage } from '../views/error-page';
import { CampaignPage, Progress } from '../views/campaign-page';
import { ConfirmPage, type ConfirmAction } from '../views/campaign-confirm';
import { RehearsalPage } from '../views/campaign-rehearsal';
import { campaignsT, type Names } from '../views/campaigns-common';
import { NewCampaignPage } from '../views/campaigns-form';
import { CampaignsPage } from '../views/campaigns-list';
import { PreviewPage } from '../views/campaigns-preview';

const ORGANIZERS = { access: ['admin', 'organizer'] } as const;
/** The biggest YAML accepted from the browser (a campaign file is a few hundred bytes). */
const MAX_YAML_BYTES = 64 * 1024;

/** Every value of a repeated form field (checkboxes). */
function fields(req: FastifyRequest, name: string): string[] {
  const value = ((req.body ?? {}) as Record<string, unknown>)[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === 'string');
}

export async function campaignsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { rt } = deps;
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendPage(reply, ErrorPage({ page: req.page, kind: 'not_found' }), 404);
  const namesFor = (page: PageContext): Names => ({
    channel: (name) => (name ? rt.translator.t(page.lang, `slack.channel_names.${name}`) : '—'),
    language: (code) => (code && rt.translator.has(code, 'language.native_name') ? `${rt.translator.t(code, 'language.native_name')} (${code})` : (code ?? '—')),
  });
  const audit = (req: FastifyRequest, action: AuditAction, c: { id: string; name: string }, detail?: Record<string, string | number | boolean>) =>
    recordAudit(deps.db, { actor: actorOf(req.page.user!), action, target: { type: 'campaign', id: c.id, label: c.name }, detail, at: deps.now() });
  /** The campaign of the route, or undefined (then the caller answers 404). */
  const campaignOf = (req: FastifyRequest) => loadCampaign(deps.db, idOf(req));
  const breakerOf = (c: StoredCampaign) => {
    const s = breakerSettings(rt, c.def);
    return { rate: s.failureRate, window: s.window, min: s.minSends };
  };

  app.get('/campaigns', { config: ORGANIZERS }, async (req, reply) => {
    const rows = await listCampaigns(rt);
    return sendPage(reply, CampaignsPage({ page: req.page, rows: rows.map((r) => ({ ...r, rehearsal: Boolean(r.rehearsal), launched_at: r.launched_at ? new Date(r.launched_at) : null })), rehearsalAvailable: rehearsalAvailable(rt) }));
  });

  const showForm = (req: FastifyRequest, reply: FastifyReply, opts: { values?: CampaignFormValues; yaml?: string; errors?: ShownError[]; status?: number } = {}) =>
    sendPage(reply, NewCampaignPage({ page: req.page, values: opts.values ?? emptyForm(), yaml: opts.yaml ?? '', languages: rt.translator.languages, names: namesFor(req.page), errors: opts.errors }), opts.status ?? 200);

  app.get('/campaigns/new', { config: ORGANIZERS }, async (req, reply) => showForm(req, reply));

  // The form and the YAML (pasted, or a file: multipart) both post here; multipart only in this scope.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_YAML_BYTES, files: 1, fields: 8, fieldSize: MAX_YAML_BYTES } });
    scope.post('/campaigns', { config: ORGANIZERS }, async (req, reply) => {
      const ct = campaignsT(req.page);
      const describe = (i: CampaignIssue) => {
        const message = i.path.length ? ct('form.error_at', { path: i.path.join('.'), message: i.message }) : i.message;
        return i.line ? ct('form.error_line', { line: i.line, message }) : message;
      };
      let values: CampaignFormValues | undefined;
      let yaml = '';
      let checked: ReturnType<typeof checkCampaign>;
      if (field(req, 'mode') === 'yaml') {
        const file = ((req.body ?? {}) as Record<string, unknown>).yaml_file;
        yaml = Buffer.isBuffer(file) && file.length ? file.toString('utf8') : field(req, 'yaml');
        checked = checkCampaignYaml(yaml);
        if (!checked.ok) return showForm(req, reply, { yaml, errors: checked.issues.map((i) => ({ field: 'yaml', message: describe(i) })), status: 400 });
      } else {
        values = readForm(req, rt.translator.languages);
        checked = checkCampaign(definitionFromForm(values));
        if (!checked.ok) {
          const placed = issuesByField(checked.issues, values, rt.translator.languages[0]);
          return showForm(req, reply, { values, errors: placed.map((p) => ({ field: p.field, message: describe(p.issue) })), status: 400 });
        }
      }
      try {
        const saved = await saveCampaign(rt, checked.def);
        if (saved.changed) await audit(req, 'campaign_saved', checked.def, { created: saved.created });
      } catch (err) {
        if (!(err instanceof CampaignError)) throw err;
        const error = { field: values ? 'id' : 'yaml', message: err.message };
        return showForm(req, reply, { values, yaml, errors: [error], status: err.status });
      }
      return seeOther(reply, `/console/campaigns/${checked.def.id}?done=saved`);
    });
  });

  app.get('/campaigns/:id', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c) return notFound(req, reply);
    const done = query(req, 'done');
    const ct = campaignsT(req.page);
    const notices: Record<string, string> = { saved: ct('form.saved'), launched: ct('confirm.launched'), rehearsed: ct('confirm.rehearsed'), paused: ct('confirm.paused'), resumed: ct('confirm.resumed') };
    const status = await campaignStatus(rt, c.id);
    return sendPage(reply, CampaignPage({ page: req.page, campaign: c, status, names: namesFor(req.page), breaker: breakerOf(c), yaml: stringify(c.def), rehearsalAvailable: rehearsalAvailable(rt), notice: notices[done] }));
  });

  app.get('/campaigns/:id/live', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c) return reply.code(404).header('cache-control', 'no-store').send('');
    const status = await campaignStatus(rt, c.id);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(Progress({ page: req.page, status, names: namesFor(req.page), breaker: breakerOf(c) }));
  });

  app.get('/campaigns/:id/preview', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c) return notFound(req, reply);
    const preview = await previewCampaign(rt, c.id, { rehearsal: query(req, 'mode') === 'rehearsal' });
    return sendPage(reply, PreviewPage({ page: req.page, name: c.name, preview, names: namesFor(req.page), rehearsalAvailable: rehearsalAvailable(rt), launchable: c.status === 'draft' }));
  });

  /** A confirmation page, with what would stop a launch or a rehearsal. */
  const confirm = async (req: FastifyRequest, reply: FastifyReply, c: StoredCampaign, action: ConfirmAction, refused?: { message: string; status: number }) => {
    let people: number | undefined;
    let problems: string[] = [];
    if (action === 'launch' || action === 'rehearse') {
      const preview = await previewCampaign(rt, c.id, { rehearsal: action === 'rehearse' });
      people = preview.audience.total;
      problems = refused ? [] : preview.problems;
    }
    return sendPage(reply, ConfirmPage({ page: req.page, id: c.id, name: c.name, action, people, problems, refused: refused?.message }), refused?.status ?? 200);
  };

  app.get('/campaigns/:id/launch', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c) return notFound(req, reply);
    if (c.status !== 'draft') return seeOther(reply, `/console/campaigns/${c.id}`);
    return confirm(req, reply, c, query(req, 'mode') === 'rehearsal' ? 'rehearse' : 'launch');
  });

  app.post('/campaigns/:id/launch', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c) return notFound(req, reply);
    const rehearsal = field(req, 'mode') === 'rehearsal';
    try {
      const result = await launchCampaign(rt, c.id, { rehearsal });
      await audit(req, 'campaign_launched', c, { rehearsal: result.rehearsal, run: result.run });
    } catch (err) {
      if (!(err instanceof CampaignError)) throw err;
      return confirm(req, reply, c, rehearsal ? 'rehearse' : 'launch', { message: err.message, status: err.status });
    }
    return seeOther(reply, `/console/campaigns/${c.id}?done=${rehearsal ? 'rehearsed' : 'launched'}`);
  });

  for (const action of ['pause', 'resume'] as const) {
    app.get(`/campaigns/:id/${action}`, { config: ORGANIZERS }, async (req, reply) => {
      const c = await campaignOf(req);
      if (!c) return notFound(req, reply);
      return confirm(req, reply, c, action);
    });
    app.post(`/campaigns/:id/${action}`, { config: ORGANIZERS }, async (req, reply) => {
      const c = await campaignOf(req);
      if (!c) return notFound(req, reply);
      try {
        if (action === 'pause') {
          const reason = field(req, 'reason').trim().slice(0, 200);
          const result = await pauseCampaign(rt, c.id, { ...(reason ? { reason } : {}), by: 'console' });
          if (result.changed) await audit(req, 'campaign_paused', c, { held: result.held });
        } else {
          const result = await resumeCampaign(rt, c.id);
          await audit(req, 'campaign_resumed', c, { released: result.released });
        }
      } catch (err) {
        if (!(err instanceof CampaignError)) throw err;
        return confirm(req, reply, c, action, { message: err.message, status: err.status });
      }
      return seeOther(reply, `/console/campaigns/${c.id}?done=${action === 'pause' ? 'paused' : 'resumed'}`);
    });
  }

  app.get('/campaigns/:id/rehearsal', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c || !c.rehearsal) return notFound(req, reply);
    const log = await rehearsalLog(rt, c.id, { after: query(req, 'after') || undefined });
    return sendPage(reply, RehearsalPage({ page: req.page, id: c.id, name: c.name, messages: log.messages, next: log.next, names: namesFor(req.page), multiStep: Boolean(c.def.series) }));
  });

  app.get('/campaigns/:id/rehearsal.csv', { config: ORGANIZERS }, async (req, reply) => {
    const c = await campaignOf(req);
    if (!c || !c.rehearsal) return notFound(req, reply);
    const csv = await rehearsalCsv(rt, c.id);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rehearsal-${c.id}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}

/** The campaign form as posted. */
function readForm(req: FastifyRequest, languages: readonly string[]): CampaignFormValues {
  const v = emptyForm();
  const text = (name: keyof CampaignFormValues) => field(req, name);
  return {
    ...v,
    id: text('id'),
    name: text('name'),
    channels: fields(req, 'channels'),
    languages: text('languages'),
    states: text('states'),
    tags: text('tags'),
    exclude_tags: text('exclude_tags'),
    registered: text('registered'),
    consent_sources: text('consent_sources'),
    message_kind: text('message_kind') === 'key' ? 'key' : 'text',
    message: text('message'),
    text: Object.fromEntries(languages.map((lang) => [lang, field(req, `text_${lang}`)])),
    send: ['at', 'anchor'].includes(text('send')) ? text('send') : 'now',
    send_at: text('send_at'),
    anchor_date: text('anchor_date'),
    anchor_days: text('anchor_days'),
    anchor_at: text('anchor_at'),
    pacing: text('pacing'),
    breaker_rate: text('breaker_rate'),
    breaker_window: text('breaker_window'),
    breaker_min: text('breaker_min'),
  };
}
