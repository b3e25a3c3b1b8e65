/**
 * The inbox's script, for the browser: served by the console itself as /console/assets/inbox.js
 * (bundled on first request by src/console/client/bundle.ts, with the project's own SMS segment
 * counter from src/lib). The pages work without it; it only adds:
 *  - live parts: an element with `data-live-url` is refreshed from that URL every
 *    `data-live-every` ms while the tab is visible (the server renders the same fragment); when
 *    the ticket's status changes (closed elsewhere, in Slack), the page reloads to show it;
 *  - the segment count and encoding of an SMS reply as it is typed (`data-segments`);
 *  - canned replies inserted into the reply box at the cursor, without reloading.
 * Texts come from data attributes the server rendered in the page's language.
 */
import { countSegments } from '../../lib/sms-segments';

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Set once the page is being left (a form sent, a link followed): no more refreshes, and above all no reload that would cancel that navigation. */
let leaving = false;

function startLive(el: HTMLElement): void {
  const url = el.dataset.liveUrl!;
  const every = Math.max(1000, Number(el.dataset.liveEvery) || 3000);
  const status = el.dataset.ticketStatus;
  const announce = document.querySelector<HTMLElement>('[data-live-announce]');
  let last = el.innerHTML.trim();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(poll, every);
  };
  const reload = () => {
    if (!leaving) location.reload();
  };
  const poll = async () => {
    if (leaving) return;
    if (document.hidden) return schedule();
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' }, cache: 'no-store' });
      if (leaving) return;
      // Signed out meanwhile (redirected to the sign-in page): reload shows it.
      if (res.redirected || res.status === 401 || res.status === 403) return reload();
      if (res.ok) {
        const now = res.headers.get('x-ticket-status');
        if (status && now && now !== status) return reload();
        const html = (await res.text()).trim();
        if (html !== last) {
          el.innerHTML = html;
          last = html;
          if (announce && announce.dataset.text) announce.textContent = announce.dataset.text;
        }
      }
    } catch {
      // the server is restarting, or the network is down: try again at the next tick
    }
    schedule();
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) schedule();
  });
  schedule();
}

function startCounter(box: HTMLTextAreaElement): void {
  const out = document.getElementById(box.dataset.segments!);
  if (!out || !out.dataset.template) return;
  const update = () => {
    const { segments, encoding, units } = countSegments(box.value);
    out.textContent = fill(out.dataset.template!, { segments, encoding, units });
  };
  box.addEventListener('input', update);
  update();
}

function startCanned(form: HTMLFormElement): void {
  const select = form.querySelector('select');
  const box = document.getElementById(form.dataset.canned!) as HTMLTextAreaElement | null;
  if (!select || !box) return;
  form.addEventListener('submit', (event) => {
    const text = select.selectedOptions[0]?.dataset.text;
    if (!text) return;
    event.preventDefault();
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    const before = box.value.slice(0, start);
    const joiner = before && !/\s$/.test(before) ? ' ' : '';
    box.value = `${before}${joiner}${text}${box.value.slice(end)}`;
    const caret = before.length + joiner.length + text.length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function start(): void {
  document.addEventListener('submit', (event) => {
    if (!event.defaultPrevented) leaving = true;
  });
  window.addEventListener('pagehide', () => {
    leaving = true;
  });
  document.querySelectorAll<HTMLElement>('[data-live-url]').forEach(startLive);
  document.querySelectorAll<HTMLTextAreaElement>('textarea[data-segments]').forEach(startCounter);
  document.querySelectorAll<HTMLFormElement>('form[data-canned]').forEach(startCanned);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
