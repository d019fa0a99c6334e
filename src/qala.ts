/**
 * The one-file build, `dist/qala.bundle.js`: `<script src=".../qala.bundle.js" defer>`
 * defines every widget, all three languages inline (`dist/qala.js`, the
 * loader in `script/loader.ts`, is the usual script tag).
 * Page-wide defaults come from the script's own `data-api`, `data-city`,
 * `data-lang`, `data-theme`. The bundle is wrapped (see vite.config.ts) so
 * that a second copy on the page does not run at all.
 */
import { setDefaults } from './ui/defaults.js';
import './widgets.js';

const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
if (script?.dataset) setDefaults({ ...script.dataset });
