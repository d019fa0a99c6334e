/**
 * The `/centre/` page of the reference server: `<qala-centre>` filling the
 * page, its city and language from the address (`/centre/?city=aksu&lang=kk`),
 * its theme and language as the person last switched them (`page-choices.ts`).
 */
import { defineElement } from '../ui/define.js';
import { QalaCentre } from './centre.js';
import { pageChoices } from './page-choices.js';

// Defined here, not by importing define.ts: the package's `sideEffects` list would let the bundler drop that import.
defineElement('qala-centre', QalaCentre);

const centre = document.querySelector('qala-centre');
if (centre) pageChoices(centre, location.search);
