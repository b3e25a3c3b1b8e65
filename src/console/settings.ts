/** The console's fixed settings, in one place. */

/** How long a sign-in lasts: a working day. Signing out or disabling the account ends it sooner. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** The session cookie (HttpOnly, SameSite=Lax, signed, Path=/console; Secure when PUBLIC_URL is https). */
export const SESSION_COOKIE = 'ce_console';
/** The cookie holding the CSRF secret (HttpOnly, SameSite=Strict, signed, Path=/console). */
export const CSRF_COOKIE = 'ce_csrf';

/** Sign-in attempts allowed per window, from one client address and for one account. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const SIGN_IN_PER_CLIENT = 20;
export const SIGN_IN_PER_ACCOUNT = 10;

/** How long the first admin's one-time link works. */
export const FIRST_ADMIN_LINK_TTL_MS = 60 * 60 * 1000;

/** Audit log entries per page, and the most one CSV export holds. */
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 100_000;

/** How often expired session rows are removed (they are refused anyway; this frees the rows). */
export const SESSION_PURGE_EVERY_MS = 60 * 60 * 1000;

/** The largest translated file the translations page takes (an export of every language is well under it). */
export const TRANSLATION_UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
