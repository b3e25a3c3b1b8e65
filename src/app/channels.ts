import { CHANNEL_NAMES, CHANNELS, type ChannelInfo } from '../channels/registry';
import type { ChannelAdapter, ChannelContext } from '../channels/types';

/**
 * The channels that are on, given the configuration: each registered adapter's factory decides
 * (null: off). A channel without its provider's credentials is not even loaded (no SDK).
 */
export async function createChannels(ctx: ChannelContext): Promise<ChannelAdapter[]> {
  const adapters: ChannelAdapter[] = [];
  for (const name of CHANNEL_NAMES) {
    const info: ChannelInfo = CHANNELS[name];
    if (info.credentials && !info.credentials(ctx.config)) continue;
    const create = await info.adapter();
    const adapter = create(ctx);
    if (adapter) adapters.push(adapter);
  }
  return adapters;
}
