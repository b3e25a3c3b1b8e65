/**
 * What the campaign pages add to the domain's words: how to fix each kind of launch problem
 * (launchProblems in src/campaigns/control.ts, which the CLI prints as they are), and what each
 * reason a message did not go means and what the system did about it (the codes deliver() and
 * the fan-out record, and Twilio's delivery error codes: https://www.twilio.com/docs/api/errors).
 */

/** The kinds of launch problem the pages explain (console-campaigns.json fixes.<kind>). */
export const PROBLEM_KINDS = ['disclaimer', 'sender', 'example_data', 'no_channel', 'rehearsal_twilio', 'rehearsal_sms', 'default_text', 'whatsapp_template', 'anchor_date', 'flow'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

const PATTERNS: [RegExp, ProblemKind][] = [
  [/^ORG_DISCLAIMER is not set/, 'disclaimer'],
  [/sender identity is still the demo/, 'sender'],
  [/holds EXAMPLE values/, 'example_data'],
  [/^a rehearsal needs SMS to be off/, 'rehearsal_twilio'],
  [/^a rehearsal reaches SMS only/, 'rehearsal_sms'],
  [/^none of the campaign's channels/, 'no_channel'],
  [/no text in the default language/, 'default_text'],
  [/template/i, 'whatsapp_template'],
  [/^send\.anchor\.date/, 'anchor_date'],
  [/^flow "/, 'flow'],
];

/** The kind of a launch problem, for its "how to fix it" (undefined: the problem's own words say it). */
export function problemKind(problem: string): ProblemKind | undefined {
  return PATTERNS.find(([re]) => re.test(problem))?.[1];
}

/** Reasons the pages explain (console-campaigns.json reasons.<code>.meaning / .action). */
export const KNOWN_REASONS = ['opted_out', 'unreachable', 'forgotten', 'no_identity', 'rehearsal', 'deadline_passed', 'no_election_data', 'replied', 'not_reached', 'rejected', '21610', '21211', '21614', '30005', '30006', '30007'] as const;
export type KnownReason = (typeof KNOWN_REASONS)[number];

/** The reason's code when the pages explain it. */
export function knownReason(code: string): KnownReason | undefined {
  return (KNOWN_REASONS as readonly string[]).includes(code) ? (code as KnownReason) : undefined;
}
