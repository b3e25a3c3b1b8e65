/**
 * The campaigns module: the campaigns worker (fan-out pages, releases of due messages, flow
 * starts, organizer alerts, and the periodic check as a job scheduler). Organizers drive
 * campaigns through the admin API (src/admin/campaigns.ts) and the CLI (src/cli/campaign.ts).
 */
import { startWorker, type QueueWorker } from '../queue/worker';
import type { AppModule } from '../runtime/module';
import type { Runtime } from '../runtime/runtime';
import { postAlert } from './alerts';
import { runFanout } from './fanout';
import { runFlowStart } from './flow-start';
import { campaignPersonalData } from './personal-data';
import { CAMPAIGN_JOB, CAMPAIGN_QUEUE, REHEARSAL_QUEUE, TICK_SCHEDULER, type AlertJob, type FanoutJob, type FlowStartJob, type ReleaseJob } from './jobs';
import { startRehearsalWorker } from './rehearsal';
import { runRelease } from './release';
import { tickCampaigns } from './tick';

/** Campaigns handled at once per process (each campaign's fan-out is one chain, so this is campaigns in parallel). */
const CONCURRENCY = 4;

/** The running campaigns worker; `close(true)` stops it without waiting for its jobs (tests kill it so). */
export interface CampaignWorkers {
  worker: QueueWorker;
  close(force?: boolean): Promise<void>;
}

/** Starts the campaigns worker and (re)declares the periodic check. */
export async function startCampaignWorkers(rt: Runtime): Promise<CampaignWorkers> {
  const worker = await startWorker(rt, {
    queue: CAMPAIGN_QUEUE,
    concurrency: CONCURRENCY,
    process: async (job, token) => {
      switch (job.name) {
        case CAMPAIGN_JOB.fanout:
          return runFanout(rt, job.data as FanoutJob, job, token);
        case CAMPAIGN_JOB.release:
          return runRelease(rt, job.data as ReleaseJob, job, token);
        case CAMPAIGN_JOB.flow:
          return runFlowStart(rt, job.data as FlowStartJob, job, token);
        case CAMPAIGN_JOB.alert:
          return postAlert(rt, rt.db.kysely, job.data as AlertJob);
        case CAMPAIGN_JOB.tick:
          return (await tickCampaigns(rt)).length;
        default:
          return undefined;
      }
    },
  });
  await rt.queues.get(CAMPAIGN_QUEUE).upsertJobScheduler(TICK_SCHEDULER, { every: rt.config.CAMPAIGN_TICK_MS }, { name: CAMPAIGN_JOB.tick });
  const rehearsals = await startRehearsalWorker(rt);
  return { worker, close: async (force = false) => void (await Promise.all([worker.close(force), rehearsals?.close(force)])) };
}

export const campaignsModule: AppModule = {
  name: 'campaigns',
  queues: [CAMPAIGN_QUEUE, REHEARSAL_QUEUE],
  // Tags and campaign recipients in `contact export` / `contact forget`.
  personalData: [campaignPersonalData],
  startWorkers: (rt) => startCampaignWorkers(rt),
};
