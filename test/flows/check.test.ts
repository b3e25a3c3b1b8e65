import { checkFlows, type LocaleView } from '../../src/flows/check';
import { parseFlow } from '../../src/flows/loader';
import { keysOf, lookup } from '../../src/i18n/catalog';
import { smsSegmentCheck } from '../../src/flows/sms-segment-check';
import { catalog, flowYaml, roles } from '../engine/fixtures';

function view(cat: any = catalog): LocaleView {
  return {
    languages: Object.keys(cat),
    defaultLanguage: 'en',
    raw: (l, k) => lookup(cat, l, k),
    keys: (l) => keysOf(cat, l),
    fileOf: () => undefined,
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** Checks the fixture flows with one flow's text replaced. */
function check(overrides: Record<string, string> = {}, cat: any = catalog) {
  const files = { ...flowYaml, ...overrides };
  const loaded = Object.entries(files).map(([id, text]) => parseFlow(`flows/${id}.yaml`, text));
  return checkFlows(loaded, view(cat), roles);
}

const messages = (issues: ReturnType<typeof check>) => issues.map((i) => `${i.file}:${i.line}: ${i.message}`);

describe('flows check', () => {
  test('the fixture flows are clean', () => {
    expect(messages(check())).toEqual([]);
  });

  test.each([
    [
      'unknown target state',
      `id: reg
start: a
states:
  a:
    say: reg.ask_state
    input: us_state
    next: nowhere
`,
      'flows/reg.yaml:7: unknown target state "nowhere"',
    ],
    [
      'unknown flow',
      `id: reg
start: a
states:
  a: { say: reg.ask_state, next: '@nope' }
`,
      'flows/reg.yaml:4: unknown flow "nope"',
    ],
    [
      'unreachable state',
      `id: reg
start: a
states:
  a: { say: reg.ask_state, end: true }
  lonely: { say: reg.done, end: true }
`,
      'flows/reg.yaml:5: unreachable state "lonely"',
    ],
    [
      'a state with no way out that is not an end',
      `id: reg
start: a
states:
  a: { say: reg.ask_state, next: b }
  b: { say: reg.done }
`,
      'flows/reg.yaml:5: state "b" has no way out',
    ],
    [
      'a text key missing in every locale',
      `id: reg
start: a
states:
  a: { say: reg.not_written, end: true }
`,
      'flows/reg.yaml:4: text "reg.not_written" is missing in "en"',
    ],
    [
      'schema: unknown input type, with its line',
      `id: reg
start: a
states:
  a:
    say: reg.ask_state
    input: favourite_color
    next: a
`,
      'flows/reg.yaml:6: states.a.input:',
    ],
    [
      'YAML syntax',
      `id: reg
start: a
states:
  a: { say: reg.ask_state
`,
      'flows/reg.yaml:',
    ],
    [
      'id not matching the file name',
      `id: other
start: a
states:
  a: { say: reg.ask_state, end: true }
`,
      'flows/reg.yaml:1: id "other" must equal the file name "reg"',
    ],
  ])('%s', (_name, text, expected) => {
    const found = messages(check({ reg: text }));
    expect(found.some((m) => m.startsWith(expected))).toBe(true);
    if (!found.some((m) => m.startsWith(expected))) throw new Error(found.join('\n'));
  });

  test('a key present in one language but missing in another', () => {
    const cat = clone(catalog);
    delete (cat.es.reg as any).ask_zip;
    expect(messages(check({}, cat))).toContainEqual(expect.stringContaining('text "reg.ask_zip" is missing in "es"'));
  });

  test('an interpolation variable used in one language but not another', () => {
    const cat = clone(catalog);
    cat.es.reg.done = 'Gracias, {{estado}}';
    expect(messages(check({}, cat))).toContainEqual(expect.stringContaining('text "reg.done" uses {{estado}} in "es" but {{state}} in "en"'));
  });

  test('an empty text', () => {
    const cat = clone(catalog);
    cat.es.fb.thanks = '  ';
    expect(messages(check({}, cat))).toContainEqual(expect.stringContaining('text "fb.thanks" is empty in "es"'));
  });

  test('a missing role flow', () => {
    const loaded = Object.entries(flowYaml)
      .filter(([id]) => id !== 'handoff')
      .map(([id, text]) => parseFlow(`flows/${id}.yaml`, text));
    expect(checkFlows(loaded, view(), roles).map((i) => i.message)).toContainEqual('the handoffFlow "handoff" has no flow file');
  });

  test("a knowledge topic's follow_up should name a flow", () => {
    const loaded = Object.entries(flowYaml).map(([id, text]) => parseFlow(`flows/${id}.yaml`, text));
    const topics = [{ id: 'register', followUp: 'registration' }, { id: 'moved' }, { id: 'check_registration', followUp: 'handoff' }];
    const issues = checkFlows(loaded, view(), roles, [], topics);
    expect(messages(issues)).toEqual(['knowledge/register.yaml:1: follow_up: unknown flow "registration": its answer offers none']);
    expect(issues[0].severity).toBe('warning'); // the answer is still given, without the offer
  });

  test('the SMS segment budget warns (not fails) per language', () => {
    const cat = clone(catalog);
    cat.es.fb.thanks = 'Gracias por tu opinión. '.repeat(12); // á, í, ó, ú are outside GSM-7: UCS-2
    const loaded = Object.entries(flowYaml).map(([id, text]) => parseFlow(`flows/${id}.yaml`, text));
    const issues = checkFlows(loaded, view(cat), roles, [smsSegmentCheck(2)]);
    const warning = issues.find((i) => i.message.includes('fb.thanks'));
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toMatch(/takes \d+ SMS segments \(UCS-2\) in "es", over the budget of 2/);
  });
});
