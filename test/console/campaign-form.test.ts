/**
 * The campaign form's pure parts (src/console/campaigns): what the form describes, checked by the
 * one validation (checkCampaign), each problem placed on its field; and the pages' "how to fix it"
 * for every kind of launch problem the domain words.
 */
import { checkCampaign, parseCampaignYaml } from '../../src/campaigns/definition';
import { definitionFromForm, emptyForm, fieldOfPath, issuesByField } from '../../src/console/campaigns/form';
import { knownReason, problemKind } from '../../src/console/campaigns/explain';

describe('the campaign form', () => {
  test('a filled form is the definition a YAML file would give', () => {
    const form = {
      ...emptyForm(),
      id: 'office-hours',
      name: 'Office hours',
      channels: ['sms', 'telegram'],
      languages: 'en, es',
      states: 'ca tx',
      tags: 'volunteers',
      registered: 'no',
      text: { en: 'Hi {{name}}', es: 'Hola {{name}}', ar: '' },
      send: 'anchor',
      anchor_date: 'registration_deadline',
      anchor_days: '5',
      anchor_at: '10:00',
      pacing: '60',
      breaker_rate: '20',
      breaker_window: '200',
      breaker_min: '50',
    };
    const checked = checkCampaign(definitionFromForm(form));
    expect(checked.ok).toBe(true);
    expect(checked.ok && checked.def).toEqual(
      parseCampaignYaml(`
id: office-hours
name: Office hours
audience: { channels: [sms, telegram], languages: [en, es], states: [CA, TX], tags: [volunteers], registered: false }
text: { en: "Hi {{name}}", es: "Hola {{name}}" }
send: { anchor: { date: registration_deadline, days_before: 5, at: "10:00" } }
pacing: { per_minute: 60 }
circuit_breaker: { failure_rate: 0.2, window: 200, min_sends: 50 }
`),
    );
  });

  test('each problem lands on its field', () => {
    const form = { ...emptyForm(), id: 'Bad Id', name: '', channels: [], states: 'XX', pacing: 'fast', breaker_rate: '150', send: 'at', send_at: 'tomorrow' };
    const checked = checkCampaign(definitionFromForm(form));
    expect(checked.ok).toBe(false);
    const fields = !checked.ok ? issuesByField(checked.issues, form, 'en').map((p) => p.field) : [];
    expect(new Set(fields)).toEqual(new Set(['id', 'name', 'channels', 'states', 'pacing', 'breaker_rate', 'send_at']));
  });

  test.each([
    [['message'], 'key', 'message'],
    [['message'], 'text', 'text-en'],
    [['text', 'es'], 'text', 'text-es'],
    [['audience', 'channels', 1], 'text', 'channels'],
    [['send', 'anchor', 'days_before'], 'text', 'anchor_days'],
    [['circuit_breaker', 'min_sends'], 'text', 'breaker_min'],
  ] as const)('%j (%s) is field %s', (path, kind, field) => {
    expect(fieldOfPath(path, { message_kind: kind }, 'en')).toBe(field);
  });
});

describe('what the pages explain', () => {
  test.each([
    ['ORG_DISCLAIMER is not set: every campaign message must carry the "Paid for by ..." disclaimer', 'disclaimer'],
    ['the sender identity is still the demo "Civic Engage": set ORG_SENDER (or ORG_NAME) to your organization\'s name', 'sender'],
    ['data/elections.yaml holds EXAMPLE values (example: true): put in your states\' real dates and links, then set example: false', 'example_data'],
    ["none of the campaign's channels (sms) is configured here (on: none): without an SMS provider you can launch it as a rehearsal", 'no_channel'],
    ['a rehearsal needs SMS to be off: this install has SMS provider settings (TWILIO_*), so campaigns here are launched for real', 'rehearsal_twilio'],
    ["a rehearsal reaches SMS only, and the campaign's channels (telegram) do not include sms", 'rehearsal_sms'],
    ['campaign.x: no text in the default language (en)', 'default_text'],
    ['flow "nope" does not exist', 'flow'],
  ])('%s', (problem, kind) => {
    expect(problemKind(problem)).toBe(kind);
  });

  test('reason codes', () => {
    expect(knownReason('30007')).toBe('30007');
    expect(knownReason('opted_out')).toBe('opted_out');
    expect(knownReason('99999')).toBeUndefined();
  });
});
