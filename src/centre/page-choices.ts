/**
 * What the `/centre/` page (`page.ts`) sets on its `<qala-centre>` besides the element's own attributes: the city and
 * language the address names (`?city=aksu&lang=kk`); the theme following the system until the person switches it;
 * and the theme and language they switch to, kept on this device for their next visit (in `localStorage`: a choice of
 * theirs, nothing personal), the address's language winning over the kept one. The page's `<html lang>` follows the
 * centre's language.
 */

/** Where the person's choices are kept. */
export const KEPT = { theme: 'qala-centre-theme', lang: 'qala-centre-lang' } as const;
const LANG = /^(kk|ru|en)$/;
const THEME = /^(light|dark)$/;

/** A kept choice; none when storage is off (a private window, a policy): then a choice lasts the visit. */
function kept(key: string, valid: RegExp): string | null {
  try {
    const value = localStorage.getItem(key);
    return value && valid.test(value) ? value : null;
  } catch {
    return null;
  }
}

function keep(key: string, value: string | null, valid: RegExp): void {
  if (!value || !valid.test(value)) return;
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage is off: the choice lasts this visit.
  }
}

/** Sets up `centre` for the page at an address with this query (`location.search`). */
export function pageChoices(centre: Element, search: string): void {
  const params = new URLSearchParams(search);
  const city = params.get('city');
  const asked = params.get('lang');
  const lang = asked && LANG.test(asked) ? asked : kept(KEPT.lang, LANG);
  if (city && /^[a-z][a-z0-9-]{1,39}$/.test(city)) centre.setAttribute('city', city);
  if (lang) centre.setAttribute('lang', lang);
  centre.setAttribute('theme', kept(KEPT.theme, THEME) ?? 'auto');
  // The page speaks the centre's language (its title, the browser's own messages).
  const follow = () => (document.documentElement.lang = centre.getAttribute('lang') || document.documentElement.lang);
  // Set from here on only by the person's switches: those are kept.
  new MutationObserver((changes) => {
    follow();
    for (const { attributeName } of changes) {
      if (attributeName === 'lang') keep(KEPT.lang, centre.getAttribute('lang'), LANG);
      if (attributeName === 'theme') keep(KEPT.theme, centre.getAttribute('theme'), THEME);
    }
  }).observe(centre, { attributes: true, attributeFilter: ['lang', 'theme'] });
  follow();
}
