/**
 * The campaigns queue: its job names, payloads and ids, in one place (as src/queue/jobs.ts is for
 * the core). Ids are deterministic so that a repeated launch, a retried job or two workers adding
 * the same job end with one job. BullMQ job ids may not contain ':'.
 */

/** Fan-out pages, releases of due messages, flow starts, organizer alerts and the periodic check. */
export const CAMPAIGN_QUEUE = 'campaigns';

export const CAMPAIGN_JOB = {
  /** Hand one page of the audience (or of the previous step's recipients) its messages. */
  fanout: 'campaign-fanout',
  /** Move a page of a campaign's due 'scheduled' messages into their queues, under the back-pressure. */
  release: 'campaign-release',
  /** Start a campaign's flow for one person once their campaign message has gone out. */
  flow: 'campaign-flow',
  /** Tell the organizers (Slack) that a campaign paused itself. */
  alert: 'campaign-alert',
  /** Every CAMPAIGN_TICK_MS: starts releases of scheduled sends, deadlines, the circuit breaker, stalled chains, completion. */
  tick: 'campaign-tick',
} as const;

/** The job scheduler of the periodic check. */
export const TICK_SCHEDULER = 'campaign-tick';

/**
 * Campaign sends go into the channel's outbound queue with this priority. Jobs without a priority
 * are served first (BullMQ: "jobs with no explicit priority are processed before prioritized
 * jobs"), so a reply to someone who just wrote never waits behind a 10,000-message campaign.
 */
export const CAMPAIGN_SEND_PRIORITY = 10;

/** Options of fan-out jobs: a few retries (each retry is safe), then the tick notices the stalled chain. */
export const FANOUT_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential' as const, delay: 2000 } };

export interface FanoutJob {
  campaignId: string;
  step: number;
  /** The campaign's run when this chain was started: a later launch or resume supersedes it. */
  run: number;
  /** Contacts with an id after this one ('' = from the start). */
  after: string;
}

export interface ReleaseJob {
  campaignId: string;
  /** The campaign's run when this release was started: a later launch or resume supersedes it. */
  run: number;
}

export interface FlowStartJob {
  campaignId: string;
  contactId: string;
  identityId: string;
  messageId: string;
  flowId: string;
}

export interface AlertJob {
  campaignId: string;
  eventId: string;
}

export const campaignJobIds = {
  fanout: (j: Pick<FanoutJob, 'campaignId' | 'run' | 'step' | 'after'>) => `campaign-${j.campaignId}-r${j.run}-s${j.step}-${j.after || 'start'}`,
  /** One per campaign and run: the job moves itself to delayed between pages, so this id is alive until nothing is due. */
  release: (j: ReleaseJob) => `campaign-${j.campaignId}-r${j.run}-release`,
  flow: (campaignId: string, contactId: string) => `campaign-${campaignId}-flow-${contactId}`,
  alert: (campaignId: string, eventId: string) => `campaign-${campaignId}-alert-${eventId}`,
};

/**
 * The sends of campaign rehearsals, taken by the rehearsal stand-in (src/campaigns/rehearsal.ts):
 * its own queue, so the SMS channel stays off for everything else.
 */
export const REHEARSAL_QUEUE = 'campaign-rehearsal';
