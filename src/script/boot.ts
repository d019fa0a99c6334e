/**
 * The script tag's first module. `dist/qala.js` (the loader, `loader.ts`)
 * imports it from `dist/qala/`, hands it the page-wide defaults from the
 * script's `data-*` and the config requests it already started, before it
 * imports the first widget's module (each widget's `define.ts` is an entry of
 * that build, each language's texts a chunk), so a page downloads only the
 * widgets and the language it shows.
 */
export { setDefaults } from '../ui/defaults.js';
export { offerEarly } from '../client/early.js';
