/** A campaign as stored: its row and its parsed definition. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { CampaignError, parseCampaign, type CampaignDefinition } from './definition';
import type { CampaignStatus } from './tables';

/** A stored campaign with its parsed definition. */
export interface StoredCampaign {
  id: string;
  name: string;
  status: CampaignStatus;
  run: number;
  /** Launched as a rehearsal: its messages were recorded, never sent. */
  rehearsal: boolean;
  def: CampaignDefinition;
  pausedReason: string | null;
  startsAt: Date | null;
  launchedAt: Date | null;
  completedAt: Date | null;
}

/** Loads a campaign, or undefined. */
export async function loadCampaign(db: Kysely<Database>, id: string): Promise<StoredCampaign | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    run: Number(row.run),
    rehearsal: Boolean(row.rehearsal),
    def: parseCampaign(row.definition, `campaign ${row.id}`),
    pausedReason: row.paused_reason,
    startsAt: row.starts_at ? new Date(row.starts_at) : null,
    launchedAt: row.launched_at ? new Date(row.launched_at) : null,
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
  };
}

/** Loads a campaign, or throws the organizer's 404. */
export async function mustLoad(db: Kysely<Database>, id: string): Promise<StoredCampaign> {
  const c = await loadCampaign(db, id);
  if (!c) throw new CampaignError(`no campaign "${id}" (civic-engage campaign create <file> saves one)`, 404);
  return c;
}
