/**
 * Where each key of a JSON document is written, for `file:line` messages. JSON.parse forgets
 * positions, so this walks the text once. Pure; tolerant: on malformed input it returns what it
 * found before the error (loading reports the syntax error itself).
 */

/** 1-based line of every object member, by dotted path (`shifts.kind.canvass`). */
export function jsonKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const space = () => {
    while (i < text.length && /\s/.test(text[i])) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string | null): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      while (i < text.length) {
        space();
        const at = line;
        const key = string();
        const member = path === null ? null : path ? `${path}.${key}` : key;
        if (member !== null) lines.set(member, at);
        space();
        if (text[i++] !== ':') throw new SyntaxError('expected :');
        value(member);
        space();
        if (text[i] === ',') i++;
        else if (text[i++] === '}') return;
        else throw new SyntaxError('expected , or }');
      }
    } else if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      while (i < text.length) {
        value(null); // members inside arrays have no key path
        space();
        if (text[i] === ',') i++;
        else if (text[i++] === ']') return;
        else throw new SyntaxError('expected , or ]');
      }
    } else if (ch === '"') string();
    else while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  };

  try {
    value('');
  } catch {
    // Malformed: keep the lines found so far.
  }
  return lines;
}
