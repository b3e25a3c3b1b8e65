import type { Config } from '../config';
import type { FlowSet } from '../engine/flow-set';
import type { EngineEnv } from '../engine/step';
import type { ChannelName } from '../channels/registry';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { Queues } from '../queue/connection';
import type { Db } from '../store/db';
import type { ChannelAdapter } from '../channels/types';
import type { AppModule } from './module';

/** Everything the runner, the workers and the HTTP layer share. Built once by src/app/system.ts. */
export interface Runtime {
  config: Config;
  log: Logger;
  db: Db;
  queues: Queues;
  translator: Translator;
  flows: FlowSet;
  env: EngineEnv;
  channels: Map<ChannelName, ChannelAdapter>;
  /** The modules in force (src/app/modules.ts), whose hooks the core asks. */
  modules: readonly AppModule[];
  /** The clock; tests inject a fixed or simulated one. */
  now(): Date;
}
