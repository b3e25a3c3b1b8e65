/** The special flows' ids (see docs/flows.md): where a conversation starts, the language menu, the menu, a request for a person, and questions answered from the knowledge base. */
export const ROLE_FLOWS = { defaultFlow: 'welcome', languageFlow: 'language', menuFlow: 'menu', handoffFlow: 'handoff', questionsFlow: 'questions' };
