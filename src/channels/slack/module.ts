/**
 * The Slack module: POST /slack/events (or Socket Mode), the shift screens and DMs into the flows
 * (tickets are the handoff module's Slack view, src/handoff/slack). Listed in src/app/modules.ts; on exactly when the Slack channel
 * is (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET).
 */
import type { AppModule } from '../../runtime/module';
import type { Runtime } from '../../runtime/runtime';
import { SlackApp } from './app';
import { registerDirectMessages } from './dm';
import { slackSettings } from './settings';
import { registerShiftsUi } from './shifts-ui';

const apps = new WeakMap<Runtime, SlackApp>();

/** The runtime's Slack app (built on first use, shared by its routes and workers); null when Slack is off. */
export function slackAppFor(rt: Runtime): SlackApp | null {
  const settings = slackSettings(rt.config);
  if (!settings) return null;
  let app = apps.get(rt);
  if (!app) {
    if (!rt.translator.languages.includes(settings.organizerLanguage)) {
      rt.log.warn({ language: settings.organizerLanguage, shipped: rt.translator.languages }, 'slack: SLACK_ORGANIZER_LANGUAGE is not a shipped language: organizer posts fall back to DEFAULT_LANGUAGE');
    }
    app = new SlackApp(rt, settings);
    registerShiftsUi(app);
    registerDirectMessages(app);
    apps.set(rt, app);
  }
  return app;
}

export const slackModule: AppModule = {
  name: 'slack',
  routes: (rt) => slackAppFor(rt)?.routes() ?? [],
  async startWorkers(rt) {
    const app = slackAppFor(rt);
    if (!app) return { close: async () => {} };
    await app.start();
    return { close: () => app.stop() };
  },
};
