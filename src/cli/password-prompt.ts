/**
 * Reading a password for the `users` commands: typed on a terminal without echo, or piped on
 * stdin with --password-stdin (for scripts: `printf '%s' "$PW" | civic-engage users add ...`).
 */
import { CliError } from './errors';

/** The whole of stdin, without its final line break. */
export async function readStdinPassword(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal, echoing nothing. Ctrl+C aborts. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new CliError('No terminal to ask for the password on: pipe it in with --password-stdin.'));
  }
  return new Promise((resolve, reject) => {
    let typed = '';
    output.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('Cancelled.'));
        if (ch === '\u0004') return done();
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A new password: from stdin, or asked twice on the terminal. */
export async function newPassword(opts: { passwordStdin?: boolean }): Promise<string> {
  if (opts.passwordStdin) return readStdinPassword();
  const first = await promptHidden('Password (at least 12 characters): ');
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new CliError('The two passwords are not the same. Nothing was changed.');
  return first;
}
