/**
 * The handoff module: requests for a person, shown in the views it is given (src/app/modules.ts
 * lists it with the Slack and console views), and the worker of the `handoffs` queue, which shows each new
 * ticket and relays what the person writes while it is open. The worker runs only where some view
 * is on: otherwise the jobs wait in the queue for one. The organizer console's inbox is always on
 * (src/app/modules.ts), so in this build the worker runs, with or without Slack.
 */
import { UnrecoverableError } from 'bullmq';
import { SendError } from '../channels/errors';
import { JOB, QUEUES, type HandoffJob } from '../queue/jobs';
import { startWorker } from '../queue/worker';
import type { AppModule } from '../runtime/module';
import { createDesk, setDesk, ticketDesk } from './desk';
import type { HandoffView, HandoffViewFactory } from './views';

/** The handoff module, with the views tickets are shown in. */
export function handoffModule(factories: readonly HandoffViewFactory[]): AppModule {
  return {
    name: 'handoff',
    init(rt) {
      const views: HandoffView[] = [];
      const desk = createDesk(rt, views);
      for (const factory of factories) {
        const view = factory.create(rt, desk);
        if (view) views.push(view);
      }
      setDesk(rt, desk);
    },
    async startWorkers(rt) {
      const desk = ticketDesk(rt);
      if (!desk.views.length) return { close: async () => {} };
      // One job at a time, so a view shows the person's messages in the order they wrote them.
      const worker = await startWorker<HandoffJob>(rt, {
        queue: QUEUES.handoffs,
        concurrency: 1,
        process: async (job) => {
          try {
            if (job.name === JOB.handoffOpen) return await desk.show(job.data.handoffId);
            if (job.name === JOB.handoffRelay && job.data.messageId) return await desk.relay(job.data.handoffId, job.data.messageId);
            return 'ignored';
          } catch (err) {
            if (err instanceof SendError && !err.retryable) {
              rt.log.error({ handoffId: job.data.handoffId, code: err.details.providerCode }, 'handoff: a view refused the ticket (is the Slack bot in SLACK_HANDOFF_CHANNEL?)');
              throw new UnrecoverableError(err.message);
            }
            throw err;
          }
        },
      });
      return { close: () => worker.close() };
    },
  };
}
