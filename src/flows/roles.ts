/** The special flows' ids (see docs/flows.md): where a conversation starts, the language menu, the menu, and a request for a person. */
export const ROLE_FLOWS = { defaultFlow: 'welcome', languageFlow: 'language', menuFlow: 'menu', handoffFlow: 'handoff' };
