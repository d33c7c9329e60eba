import { describe, expect, it } from 'vitest';
import { actionNoun, columnName, componentName, parsePhrase, parseSymptom, requirementOf } from '../src/decompose/nouns.js';
import { mask } from '../src/decompose/words.js';

function phrase(text: string): ReturnType<typeof parsePhrase> {
  const masked = mask(text);
  return parsePhrase(masked.text, masked.spans);
}

describe('noun extraction', () => {
  it('separates head, destinations, purpose and relative clause', () => {
    const parsed = phrase('a "Delete Account" button to the user settings page that requires password confirmation before proceeding');
    expect(parsed.head).toBe('"Delete Account" button');
    expect(parsed.quotes).toEqual(['Delete Account']);
    expect(parsed.preps).toEqual([{ prep: 'to', np: 'user settings page', key: 'user settings page' }]);
    expect(parsed.relative).toBe('requires password confirmation before proceeding');
    expect(requirementOf(parsed.relative)).toBe('password confirmation');
    const update = phrase('all components to support dark mode');
    expect(update).toMatchObject({ head: 'components', quantified: true, purpose: 'support dark mode' });
  });

  it('names components after the label, the topic or the element', () => {
    expect(componentName('"Delete Account" button', '\uE000\uE010\uE001 button', 'Delete Account', undefined)).toBe('DeleteAccountButton');
    expect(componentName('toggle button', 'toggle button', undefined, 'dark mode')).toBe('DarkModeToggle');
    expect(componentName('search bar', 'search bar', undefined, undefined)).toBe('SearchBar');
  });

  it('turns an action label into the backend operation it implies', () => {
    expect(actionNoun('Delete Account')).toBe('account deletion');
    expect(actionNoun('Export CSV')).toBe('CSV export');
    expect(actionNoun('Dark Mode')).toBeUndefined();
  });

  it('finds the column of a migration clause', () => {
    expect(columnName(phrase('a "last_login_at" timestamp column to the users table'))).toBe('last_login_at');
    expect(columnName(phrase('a nullable archived_at column to projects'))).toBe('archived_at');
    expect(columnName(phrase('an email column'))).toBe('email');
  });

  it('parses symptom statements', () => {
    expect(parseSymptom('The session upload modal is crashing when users try to upload files larger than 10MB')).toEqual({
      subject: 'session upload modal',
      name: 'session upload modal crash',
      condition: 'when users try to upload files larger than 10MB',
    });
    expect(parseSymptom("Users can't log in after resetting their password")?.name).toBe('login failure');
    expect(parseSymptom('Nice weather today')).toBeUndefined();
  });
});
