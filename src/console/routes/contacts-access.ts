/** Who may use the contacts screens (src/console/routes/contacts.ts and contacts-import.ts): organizers and admins. */
export const CONTACTS = { access: ['admin', 'organizer'] } as const;
