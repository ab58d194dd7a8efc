export type Scope = 'commands' | 'queries' | 'admin';

const KEY = 'saga-console.key';
const SCOPES = 'saga-console.scopes';
const KEY_ID = 'saga-console.key-id';

/**
 * The API key, entered once and kept in this browser tab's sessionStorage (gone when the tab
 * closes; never in localStorage, a cookie or a URL), with the scopes the API said it has.
 */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  keyId: (): string | null => sessionStorage.getItem(KEY_ID),
  scopes: (): Scope[] => {
    try {
      return JSON.parse(sessionStorage.getItem(SCOPES) ?? '[]') as Scope[];
    } catch {
      return [];
    }
  },
  has: (scope: Scope): boolean => session.scopes().includes(scope),
  signIn(key: string, keyId: string, scopes: readonly Scope[]): void {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(KEY_ID, keyId);
    sessionStorage.setItem(SCOPES, JSON.stringify(scopes));
  },
  signOut(): void {
    for (const k of [KEY, KEY_ID, SCOPES]) sessionStorage.removeItem(k);
  },
};
