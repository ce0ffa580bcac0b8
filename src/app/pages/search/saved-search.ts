/**
 * The Search page's form, open study and published overlay, kept in localStorage so a reload
 * keeps them (the studies themselves live in the Worker's IndexedDB). A shared URL's `s.*`
 * settings win over what was saved.
 */
import type { PublishedPoint } from './ParetoScatter';
import { hasSearchParams, readSearchForm, type SearchForm } from './search-form';

export interface SavedSearch {
  form: SearchForm;
  /** The study on screen. */
  study: string | null;
  published: { name: string; points: PublishedPoint[] } | null;
}

const KEY = 'fairness-lab.search.v1';

export function loadSearch(
  search: string,
  defaults: SearchForm,
  storage: Pick<Storage, 'getItem'> = localStorage,
): SavedSearch & { problems: string[]; fromLink: boolean } {
  let saved: Partial<SavedSearch>;
  try {
    saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<SavedSearch>;
  } catch {
    saved = {};
  }
  const base = { ...defaults, ...(saved.form ?? {}) };
  const fromLink = hasSearchParams(search);
  const { form, problems } = fromLink ? readSearchForm(search, defaults) : { form: base, problems: [] };
  return {
    form,
    study: fromLink ? null : typeof saved.study === 'string' ? saved.study : null,
    published: saved.published && Array.isArray(saved.published.points) ? saved.published : null,
    problems,
    fromLink,
  };
}

export function saveSearch(state: SavedSearch, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(state));
  } catch {
    // A full or disabled localStorage only loses the form, never a study.
  }
}
