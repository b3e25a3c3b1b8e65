/**
 * Slack's mrkdwn needs only three characters escaped in text that must show as typed
 * (https://api.slack.com/reference/surfaces/formatting#escaping): & < >. Unescaped, "<!channel>"
 * typed by a person would notify a whole channel.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text for a plain_text field: at most `max` characters (Slack refuses longer), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Splits a long text into parts of at most `max` characters, at line breaks where possible. */
export function splitText(text: string, max = 3000): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * What a Slack message says, as plain text for another channel (a volunteer's reply relayed by
 * SMS): entities unescaped, links as "label (url)", mentions and channel links as their labels.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/<(https?:\/\/[^>]+)>/g, '$1')
    .replace(/<mailto:([^|>]+)(?:\|[^>]+)?>/g, '$1')
    .replace(/<tel:([^|>]+)(?:\|[^>]+)?>/g, '$1')
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, '$1')
    .replace(/<@[A-Z0-9]+>/g, '@')
    .replace(/<#[A-Z0-9]+>/g, '#')
    .replace(/<!([a-z]+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
