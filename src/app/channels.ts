import { CHANNEL_NAMES, CHANNELS } from '../channels/registry';
import type { ChannelAdapter, ChannelContext } from '../channels/types';

/** The channels that are on, given the configuration: each registered adapter's factory decides (null: off). */
export async function createChannels(ctx: ChannelContext): Promise<ChannelAdapter[]> {
  const adapters: ChannelAdapter[] = [];
  for (const name of CHANNEL_NAMES) {
    const create = await CHANNELS[name].adapter();
    const adapter = create(ctx);
    if (adapter) adapters.push(adapter);
  }
  return adapters;
}
