/**
 * A first message's language among the languages a deployment's knowledge base has: an
 * organizer's locales folder may hold no Latin-script language at all (a Slack test deployment,
 * a Chinese-only line); a Latin-script message is then unclear, never a crash of the runner.
 */
import { identifyLanguage } from '../../src/knowledge/identify';
import { DEFAULT_TUNING } from '../../src/knowledge/tuning';

const none = () => undefined;

describe('identifyLanguage over a base with few languages', () => {
  it('a Latin-script message with no Latin-script language indexed is unclear', () => {
    expect(identifyLanguage('hello there', none, ['zh'], DEFAULT_TUNING.identify)).toEqual({ language: 'zh', confident: false });
    expect(identifyLanguage('hello there', none, [], DEFAULT_TUNING.identify)).toEqual({ language: 'en', confident: false });
  });

  it.each(['kumusta po', 'kamusta ka', 'musta kayo', 'kmusta'])('a Tagalog greeting to someone (%s) names its language', (text) => {
    expect(identifyLanguage(text, none, ['en', 'tl'], DEFAULT_TUNING.identify)).toEqual({ language: 'tl', confident: true });
  });

  it('its own script still settles it', () => {
    expect(identifyLanguage('我需要带什么证件', none, ['zh'], DEFAULT_TUNING.identify)).toEqual({ language: 'zh', confident: true });
  });
});
