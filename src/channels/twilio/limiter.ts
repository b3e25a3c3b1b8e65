/**
 * The pacing of a Twilio outbound queue from TWILIO_MPS (messages per second; a long code does 1,
 * a toll-free number 3 or more, a short code 100): BullMQ wants a whole number of jobs per window.
 */
export function smsLimiter(mps: number): { max: number; duration: number } {
  return mps >= 1 ? { max: Math.floor(mps), duration: 1000 } : { max: 1, duration: Math.round(1000 / mps) };
}
