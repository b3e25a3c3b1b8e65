import type { ChannelAdapter } from '../channels/types';
import type { Config } from '../config';
import type { ChannelName } from '../channels/registry';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { Queues } from '../queue/connection';
import type { Db } from '../store/db';

/**
 * What the shift operations need. The Runtime is one; the CLI builds a smaller one without
 * `queues` and `channels`: then messages are only stored (the running worker's sweep sends them)
 * and reminders are planned by the worker's periodic reconcile job.
 */
export interface ShiftsEnv {
  db: Db;
  config: Config;
  log: Logger;
  translator: Translator;
  now(): Date;
  queues?: Queues;
  channels?: Map<ChannelName, ChannelAdapter>;
}
