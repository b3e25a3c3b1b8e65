/**
 * Texts cut to the fixed boxes of a flow graph (SVG has no line wrapping of its own). Widths are
 * counted in half-em units: a Chinese, Japanese or Korean character (or a full-width form) takes
 * two, anything else one; lines break between words, or between characters where a script
 * writes no spaces. Pure.
 */

/** East Asian wide characters: CJK ideographs, kana, Hangul, full-width forms. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** The width of a text in half-em units. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** Words and wide characters, in order, each with whether a space came before it. */
function tokens(text: string): { text: string; space: boolean }[] {
  const out: { text: string; space: boolean }[] = [];
  let space = false;
  let word = '';
  const flush = () => {
    if (word) out.push({ text: word, space });
    word = '';
    space = false;
  };
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      flush();
      space = out.length > 0;
    } else if (WIDE.test(ch)) {
      flush();
      out.push({ text: ch, space });
      space = false;
    } else word += ch;
  }
  flush();
  return out;
}

/** Cuts a text to fit `width` units, ending in "…" when it was cut. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (textWidth(flat) <= width) return flat;
  let out = '';
  for (const ch of flat) {
    if (textWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** The text in at most `lines` lines of `width` units; the last one ends in "…" when text was left out. */
export function wrapText(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const t of tokens(text)) {
    const candidate = line ? `${line}${t.space ? ' ' : ''}${t.text}` : t.text;
    if (textWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) out.push(line);
    line = t.text;
    // A word longer than a whole line is cut into pieces.
    while (textWidth(line) > width) {
      let head = '';
      for (const ch of line) {
        if (textWidth(head + ch) > width) break;
        head += ch;
      }
      out.push(head);
      line = line.slice(head.length);
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  // Forces the ellipsis: the last kept line plus what follows is always too long.
  kept[lines - 1] = truncate(`${kept[lines - 1]} ${out[lines]}`, width);
  return kept;
}
