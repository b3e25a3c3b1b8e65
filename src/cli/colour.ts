/**
 * ANSI colours for the command line, only to a terminal: output piped to a file or another program
 * carries no escape codes, and NO_COLOR (https://no-color.org: set and not empty) turns them off.
 */

/** Wraps text in an SGR code when `stream` is a terminal that wants colours. */
export function colours(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const on = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  const sgr = (code: string) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { on, cyan: sgr('36'), dim: sgr('2') };
}
