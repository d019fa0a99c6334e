/** Every widget's texts in every language, loaded once for the tests (the widgets load one language at a time). */
import { loadCatalogues } from '../../src/ui/localize.js';
import { messages as ballot } from '../../src/widgets/ballot/messages.js';
import { messages as form } from '../../src/widgets/proposal-form/messages.js';
import { messages as list } from '../../src/widgets/proposal-list/messages.js';
import { messages as results } from '../../src/widgets/results/messages.js';

export const ballotText = await loadCatalogues(ballot);
export const formText = await loadCatalogues(form);
export const listText = await loadCatalogues(list);
export const resultsText = await loadCatalogues(results);
