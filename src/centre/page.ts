/**
 * The `/centre/` page of the reference server: `<qala-centre>` filling the
 * page, its city and language from the address (`/centre/?city=aksu&lang=kk`).
 */
import { defineElement } from '../ui/define.js';
import { QalaCentre } from './centre.js';

// Defined here, not by importing define.ts: the package's `sideEffects` list would let the bundler drop that import.
defineElement('qala-centre', QalaCentre);

const params = new URLSearchParams(location.search);
const centre = document.querySelector('qala-centre');
if (centre) {
  const city = params.get('city');
  const lang = params.get('lang');
  if (city && /^[a-z][a-z0-9-]{1,39}$/.test(city)) centre.setAttribute('city', city);
  if (lang && /^(kk|ru|en)$/.test(lang)) centre.setAttribute('lang', lang);
  // The page speaks the centre's language (its title, the browser's own messages).
  const follow = () => (document.documentElement.lang = centre.getAttribute('lang') || document.documentElement.lang);
  new MutationObserver(follow).observe(centre, { attributes: true, attributeFilter: ['lang'] });
  follow();
}
