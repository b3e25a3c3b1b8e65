/**
 * Pausing a running campaign: by an organizer, or by the circuit breaker from the fan-out and the
 * release (src/campaigns/breaker.ts), which then also alerts the organizers.
 */
import type { Runtime } from '../runtime/runtime';
import { alertOrganizers, recordEvent } from './alerts';
import { CampaignError } from './definition';
import { holdCampaignMessages } from './send-queue';
import { loadCampaign, mustLoad } from './stored';
import type { CampaignStatus } from './tables';

/**
 * Pauses a running campaign: no more fan-out, and its messages not yet sent are held (a send
 * already in flight may still go). `by: 'circuit-breaker'` also alerts the organizers.
 */
export async function pauseCampaign(rt: Runtime, id: string, opts: { reason?: string; by?: string; detail?: unknown } = {}): Promise<{ status: CampaignStatus; held: number; changed: boolean }> {
  const db = rt.db.kysely;
  const c = await mustLoad(db, id);
  const now = rt.now();
  const reason = opts.reason ?? `paused by ${opts.by ?? 'an organizer'}`;
  const updated = await db
    .updateTable('campaigns')
    .set({ status: 'paused', paused_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('id')
    .executeTakeFirst();
  if (!updated) {
    // Someone (the breaker, another organizer) may have paused it since it was loaded.
    const status = (await loadCampaign(db, id))?.status ?? c.status;
    if (status === 'paused') return { status: 'paused', held: 0, changed: false };
    throw new CampaignError(`campaign "${id}" is ${status}: only a running campaign can be paused`, 409);
  }
  const held = await holdCampaignMessages(rt, db, id);
  const eventId = await recordEvent(db, id, opts.by === 'circuit-breaker' ? 'breaker' : 'paused', { reason, by: opts.by ?? 'organizer', held, ...(opts.detail ? { detail: opts.detail } : {}) }, now);
  if (opts.by === 'circuit-breaker') await alertOrganizers(rt, id, eventId, `campaign ${id} paused itself: ${reason}`);
  else rt.log.info({ campaignId: id, held }, 'campaign paused');
  return { status: 'paused', held, changed: true };
}
