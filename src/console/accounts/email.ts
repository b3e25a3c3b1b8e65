/** E-mail addresses of console accounts: how they are stored, checked and shown in logs. */

/** The form an address is stored and looked up in: trimmed, lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A plausible address: something@domain.tld, no spaces, at most 254 characters (RFC 5321). */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/** For logs: the first character and the domain (`j***@example.org`), never the whole address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${[...email][0]}***${email.slice(at)}`;
}
