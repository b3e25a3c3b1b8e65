/** The feedback module's queue and jobs (kept beside it; see src/queue/jobs.ts for the core's). */
export const REPORTS_QUEUE = 'reports';

export const REPORTS_JOB = {
  /** Post the feedback digest to DIGEST_CHANNEL. */
  digest: 'digest',
} as const;

/** Job scheduler id of the daily digest (one per deployment, whatever the number of workers). */
export const DIGEST_SCHEDULER = 'feedback-digest';

/** The cron pattern for "every day at HH:MM" (minute hour * * *). */
export function dailyPattern(time: string): string {
  const [hh, mm] = time.split(':').map(Number);
  return `${mm} ${hh} * * *`;
}
