/** Input validators: pure functions from what a person typed to a normalised value. */
import { validateEmail } from './email';
import { validateNumber } from './number';
import { validateRating } from './rating';
import { validateText } from './text';
import type { InputContext, InputResult, InputType } from './types';
import { validateUsState } from './us-state';
import { validateYesNo } from './yes-no';
import { validateZip } from './zip';

export { normalizeWords } from './normalize';
export { INPUT_TYPES } from './types';
export type { InputContext, InputResult, InputType } from './types';

const VALIDATORS: Record<InputType, (text: string, ctx: InputContext) => InputResult> = {
  text: validateText,
  number: validateNumber,
  us_state: validateUsState,
  zip: validateZip,
  rating: validateRating,
  yes_no: validateYesNo,
  email: validateEmail,
};

/** Validate one answer against an input type; pure, never throws for any string. */
export function validateInput(type: InputType, text: string, ctx: InputContext): InputResult {
  const validate = VALIDATORS[type];
  return validate ? validate(text, ctx) : { ok: false };
}
