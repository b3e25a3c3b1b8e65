/**
 * How a feature finds the running system's Slack app to add its screens (shifts, ticket threads).
 * Its own file, loading no SDK: the features import it whether or not Slack is on, and Bolt is
 * loaded only with the Slack channel (src/channels/registry.ts).
 */
import type { ChannelAdapter } from '../types';
import type { SlackApp } from './app';

/** The running system's Slack app (for features' screens), or null when the Slack channel is off. */
export function slackAppFor(rt: { channels: ReadonlyMap<string, ChannelAdapter> }): SlackApp | null {
  // Only the Slack adapter (slack-adapter.ts) registers as 'slack', always with its app.
  const adapter = rt.channels.get('slack') as (ChannelAdapter & { slack?: SlackApp }) | undefined;
  return adapter?.slack ?? null;
}
