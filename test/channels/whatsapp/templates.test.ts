import { parseInbound, twimlMessage } from '../../../src/channels/whatsapp/inbound';
import { contentVariables, templatesFrom } from '../../../src/channels/whatsapp/templates';
import { windowOpen, WINDOW_MS } from '../../../src/channels/whatsapp/window';

const SID = `HX${'0'.repeat(32)}`;

describe('the templates file', () => {
  it('finds a template by message key and language, never another language', () => {
    const t = templatesFrom({ 'common.nudge': { en: { sid: SID, variables: ['name'] } } });
    expect(t.find('common.nudge', 'en')).toEqual({ sid: SID, variables: ['name'] });
    expect(t.find('common.nudge', 'es')).toBeUndefined();
    expect(t.find(undefined, 'en')).toBeUndefined();
    expect(t.size).toBe(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['not a map', ['x'], /expected message keys/],
    ['a key without languages', { 'common.nudge': 'HX1' }, /common\.nudge: expected languages/],
    ['a sid that is not a ContentSid', { 'common.nudge': { en: { sid: 'SM123' } } }, /common\.nudge\.en: sid must be/],
    ['variables not a list of names', { 'common.nudge': { en: { sid: SID, variables: 'name' } } }, /common\.nudge\.en: variables must be/],
  ])('refuses %s, saying where', (_name, raw, message) => {
    expect(() => templatesFrom(raw, 'wa.yaml')).toThrow(message);
  });

  it('ContentVariables numbers the values in the listed order; a missing one is empty', () => {
    expect(JSON.parse(contentVariables({ sid: SID, variables: ['b', 'a', 'c'] }, { a: 'A', b: 2 }))).toEqual({ 1: '2', 2: 'A', 3: '' });
  });
});

describe('parseInbound', () => {
  const base = { MessageSid: `SM${'1'.repeat(32)}`, From: 'whatsapp:+12125550123', Body: 'hola', NumMedia: '0' };
  it.each<[string, Record<string, string>, object]>([
    ['text', {}, { ok: true, address: '+12125550123', text: 'hola', textless: false }],
    ['a photo with a caption', { NumMedia: '1' }, { ok: true, text: 'hola', textless: false, media: 1 }],
    ['a photo alone', { Body: '', NumMedia: '1' }, { ok: true, textless: true, media: 1 }],
    ['a location', { Body: '', Latitude: '40.7', Longitude: '-74' }, { ok: true, textless: true }],
    ['a quick-reply press', { Body: '', ButtonPayload: 'yes', ButtonText: 'Sí' }, { ok: true, text: 'Sí', payload: 'yes', textless: false }],
    ['an SMS sender', { From: '+12125550123' }, { ok: false, why: 'From is not a whatsapp: address' }],
    ['no sid', { MessageSid: '' }, { ok: false }],
  ])('%s', (_name, change, expected) => {
    expect(parseInbound({ ...base, ...change })).toMatchObject(expected);
  });

  it('TwiML escapes the text', () => {
    expect(twimlMessage('a < b & "c"')).toContain('<Message>a &lt; b &amp; &quot;c&quot;</Message>');
  });
});

describe('windowOpen', () => {
  const now = new Date('2030-01-02T00:00:00Z');
  it.each<[string, Date | null, boolean]>([
    ['never wrote', null, false],
    ['a minute ago', new Date(now.getTime() - 60_000), true],
    ['just under 24 h ago', new Date(now.getTime() - WINDOW_MS + 1), true],
    ['exactly 24 h ago', new Date(now.getTime() - WINDOW_MS), false],
  ])('%s → %p', (_name, last, open) => expect(windowOpen(last, now)).toBe(open));
});
