import { describe, expect, it } from 'vitest';
import { splitClauses } from '../src/decompose/index.js';

const texts = (request: string): string[] => splitClauses(request).map((clause) => clause.text);

describe('clause splitting', () => {
  it('splits sentences and comma / "and" lists of instructions', () => {
    expect(texts('The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header, persist the preference to localStorage, and test on all pages.')).toEqual([
      'The frontend needs a dark mode toggle',
      'Add a theme context provider',
      'update all components to support dark mode',
      'add a toggle button in the header',
      'persist the preference to localStorage',
      'test on all pages',
    ]);
  });

  it('keeps noun lists inside their clause', () => {
    expect(texts('Update all affected files and tests')).toEqual(['Update all affected files and tests']);
    expect(texts('Write unit and integration tests')).toEqual(['Write unit and integration tests']);
  });

  it('turns an "including a, b and c" enumeration into items', () => {
    const [clause, ...rest] = splitClauses('Write comprehensive integration tests for the authentication system including signup, login, logout, token refresh, and password reset.');
    expect(rest).toEqual([]);
    expect(clause?.text).toBe('Write comprehensive integration tests for the authentication system');
    expect(clause?.items).toEqual(['signup', 'login', 'logout', 'token refresh', 'password reset']);
  });

  it('never splits inside quotes or parentheses', () => {
    expect(texts('Add a "Save, then exit" button to the editor and fix the header (logo, links and menu)')).toEqual([
      'Add a "Save, then exit" button to the editor',
      'fix the header (logo, links and menu)',
    ]);
  });

  it('makes each bullet line a clause and joins wrapped lines', () => {
    expect(texts('Please:\n- add a search bar to the orders page\n- fix the crash in\n  checkout')).toEqual([
      'add a search bar to the orders page',
      'fix the crash in checkout',
    ]);
  });

  it('does not end a sentence at an abbreviation or inside a version number', () => {
    const clauses = splitClauses('Upgrade libraries, e.g. React to v19.1 and fix the header.');
    expect(clauses.map((clause) => [clause.text, clause.items])).toEqual([
      ['Upgrade libraries', ['React to v19.1']],
      ['fix the header', []],
    ]);
  });

  it('drops polite prefixes', () => {
    expect(texts('Please add a logout button. We need to fix the footer.')).toEqual(['add a logout button', 'fix the footer']);
  });
});
