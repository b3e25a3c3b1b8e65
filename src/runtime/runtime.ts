import type { Config } from '../config';
import type { FlowSet } from '../engine/flow-set';
import type { EngineEnv } from '../engine/step';
import type { ChannelName } from '../channels/registry';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { Queues } from '../queue/connection';
import type { Db } from '../store/db';
import type { ChannelAdapter } from '../channels/types';

/** Everything the runner, the workers and the HTTP layer share. Built once by src/runtime/system.ts. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Db;
  queues: Queues;
  translator: Translator;
  flows: FlowSet;
  env: EngineEnv;
  channels: Map<ChannelName, ChannelAdapter>;
  /** The clock; tests inject a fixed or simulated one. */
  now(): Date;
}
