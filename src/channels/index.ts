import type { ChannelAdapter, ChannelContext } from './types';
import { createWebAdapter } from './web/web-adapter';

/** Every channel the project has. Each factory returns null when its settings are absent (channel off). */
const FACTORIES: ((ctx: ChannelContext) => ChannelAdapter | null)[] = [createWebAdapter];

/** The channels that are on, given the configuration. */
export function createChannels(ctx: ChannelContext): ChannelAdapter[] {
  return FACTORIES.map((make) => make(ctx)).filter((a): a is ChannelAdapter => a !== null);
}
