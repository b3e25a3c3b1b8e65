/** The privacy module's queue and jobs (kept beside it; see src/queue/jobs.ts for the core's). */
export const PRIVACY_QUEUE = 'privacy';

export const PRIVACY_JOB = {
  /** Daily: erase message bodies older than RETENTION_DAYS. */
  retention: 'retention',
} as const;

/** Job scheduler id of the retention job (one per deployment, whatever the number of workers). */
export const RETENTION_SCHEDULER = 'retention';

/** When the retention job runs: 03:15 in the organization's time zone, when nothing else is busy. */
export const RETENTION_PATTERN = '15 3 * * *';
