/** One problem found in the locale files, positioned for `file:line` output (the shape of flows check's issues). */
export interface LocaleIssue {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
  /** What kind of problem, so callers can tell them apart (flows check reports missing keys at the flow that uses them). */
  kind: 'language' | 'missing' | 'extra' | 'variables' | 'plural' | 'empty' | 'not_string' | 'keyword' | 'segments';
  language: string;
  key: string;
}

/** Issues as `file:line: severity: message`, one a line. */
export function formatLocaleIssues(issues: Pick<LocaleIssue, 'file' | 'line' | 'severity' | 'message'>[]): string {
  return issues.map((i) => `${i.file}:${i.line}: ${i.severity}: ${i.message}`).join('\n');
}
