/**
 * The admin API for contacts imports and campaigns (behind ADMIN_TOKEN: src/admin/module.ts):
 *
 *   POST /api/admin/contacts/import?attest=<who>&dry_run=1&file_name=x.csv   body: the CSV
 *   GET  /api/admin/campaigns                                                list
 *   POST /api/admin/campaigns                                                body: YAML or JSON definition
 *   GET  /api/admin/campaigns/<id>                                           status
 *   GET  /api/admin/campaigns/<id>/preview
 *   POST /api/admin/campaigns/<id>/launch | pause | resume
 *
 * The server takes bodies up to 256 KB: a bigger contacts file goes through the CLI.
 */
import { launchCampaign, listCampaigns, resumeCampaign, saveCampaign } from '../campaigns/control';
import { pauseCampaign } from '../campaigns/pause';
import { CampaignError, parseCampaignYaml } from '../campaigns/definition';
import { previewCampaign } from '../campaigns/preview';
import { campaignStatus } from '../campaigns/status';
import { importContacts } from '../contacts/import';
import { inEnglish } from '../contacts/problems';
import type { RouteDef, RouteRequest, RouteResponse } from '../http/route';
import type { Runtime } from '../runtime/runtime';
import { queryValue } from './http';

const CAMPAIGNS = '/api/admin/campaigns';

/** A campaign refusal as a 4xx; anything else propagates (the HTTP layer answers 503). */
async function answer(fn: () => Promise<unknown>, ok = 200): Promise<RouteResponse> {
  try {
    return { status: ok, body: (await fn()) as object };
  } catch (err) {
    if (err instanceof CampaignError) return { status: err.status, body: { error: err.message } };
    throw err;
  }
}

function idOf(req: RouteRequest): string {
  const path = new URL(req.url, 'http://admin.invalid').pathname;
  return decodeURIComponent(path.slice(CAMPAIGNS.length + 1).split('/')[0] ?? '');
}

/** The contacts import and campaign routes (unauthenticated: src/admin/module.ts puts them behind the token). */
export function campaignRoutes(rt: Runtime): RouteDef[] {
  const action = (name: 'launch' | 'pause' | 'resume', fn: (id: string, req: RouteRequest) => Promise<unknown>): RouteDef => ({
    method: 'POST',
    path: `${CAMPAIGNS}/:id/${name}`,
    handler: (req) => answer(() => fn(idOf(req), req)),
  });
  /** `?rehearsal=true`: preview or launch as a rehearsal (no SMS provider; docs/campaigns.md). */
  const rehearsal = (req: RouteRequest) => ['1', 'true', 'yes'].includes(queryValue(req, 'rehearsal') ?? '');
  return [
    {
      method: 'POST',
      path: '/api/admin/contacts/import',
      handler: async (req) => {
        const report = await importContacts(
          { db: rt.db.kysely, config: rt.config, languages: rt.translator.languages, now: rt.now },
          req.rawBody,
          { fileName: queryValue(req, 'file_name') ?? 'upload.csv', attestedBy: queryValue(req, 'attest'), dryRun: ['1', 'true', 'yes'].includes(queryValue(req, 'dry_run') ?? '') },
        );
        // The problems in English words, as the command line prints them.
        return { status: report.ok ? 200 : 422, body: inEnglish(report, (key, vars) => rt.translator.t('en', key, vars)) };
      },
    },
    { method: 'GET', path: CAMPAIGNS, handler: () => answer(async () => ({ campaigns: await listCampaigns(rt) })) },
    {
      method: 'POST',
      path: CAMPAIGNS,
      handler: (req) => answer(async () => saveCampaign(rt, parseCampaignYaml(req.rawBody.toString('utf8'), 'request body')), 200),
    },
    { method: 'GET', path: `${CAMPAIGNS}/:id`, handler: (req) => answer(() => campaignStatus(rt, idOf(req))) },
    { method: 'GET', path: `${CAMPAIGNS}/:id/preview`, handler: (req) => answer(() => previewCampaign(rt, idOf(req), { rehearsal: rehearsal(req) })) },
    action('launch', (id, req) => launchCampaign(rt, id, rehearsal(req) ? { rehearsal: true } : {})),
    action('pause', (id) => pauseCampaign(rt, id, { by: 'organizer (admin API)' })),
    action('resume', (id) => resumeCampaign(rt, id)),
  ];
}
