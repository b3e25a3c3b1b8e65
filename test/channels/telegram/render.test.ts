import { escapeHtml, inlineKeyboard, renderForTelegram, splitText, MAX_TEXT } from '../../../src/channels/telegram/render';

describe('escapeHtml', () => {
  it.each([
    ['<b>x</b> & co', '&lt;b&gt;x&lt;/b&gt; &amp; co'],
    ['<a href="https://evil.example">win</a>', '&lt;a href="https://evil.example"&gt;win&lt;/a&gt;'],
    ['&amp; already', '&amp;amp; already'],
    ['plain ¿Qué tal? 🙂', 'plain ¿Qué tal? 🙂'],
  ])('%j -> %j', (text, html) => expect(escapeHtml(text)).toBe(html));
});

describe('renderForTelegram', () => {
  it('escapes the whole text, interpolated values included', () => {
    const parts = renderForTelegram({ text: 'Hi <b>x</b> & co, welcome', vars: { name: '<b>x</b> & co' } });
    expect(parts).toEqual([{ html: 'Hi &lt;b&gt;x&lt;/b&gt; &amp; co, welcome' }]);
  });

  it('renders choices as an inline keyboard with the value as callback_data', () => {
    const [part] = renderForTelegram({ text: 'Registered?', choices: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] });
    expect(part.keyboard).toEqual({ inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }, { text: 'No', callback_data: 'no' }]] });
  });

  it('gives long labels a row each', () => {
    const keyboard = inlineKeyboard([{ value: 'a', label: 'Check my registration' }, { value: 'b', label: 'Find my polling place' }]);
    expect(keyboard.inline_keyboard).toHaveLength(2);
  });

  it('falls back to numbered lines when a value does not fit in 64 bytes of callback_data', () => {
    const [part] = renderForTelegram({ text: 'Pick', choices: [{ value: 'ñ'.repeat(33), label: 'A' }, { value: 'b', label: 'B' }] });
    expect(part).toEqual({ html: 'Pick\n1) A\n2) B' });
  });

  it('splits text over 4096 characters, the keyboard on the last part, counting before escaping', () => {
    const text = `${'<'.repeat(3000)}\n${'a'.repeat(3000)}`;
    const parts = renderForTelegram({ text, choices: [{ value: 'ok', label: 'OK' }] });
    expect(parts).toHaveLength(2);
    expect(parts[0].html).toBe('&lt;'.repeat(3000));
    expect(parts[0].keyboard).toBeUndefined();
    expect(parts[1].keyboard).toBeDefined();
  });

  it('splits a text without breaks anywhere but inside a surrogate pair', () => {
    const parts = splitText(`${'a'.repeat(MAX_TEXT - 1)}🙂b`);
    expect(parts).toEqual(['a'.repeat(MAX_TEXT - 1), '🙂b']);
  });
});
