import { defineElement } from '../../ui/define.js';
import { QalaResults } from './results.js';

defineElement('qala-results', QalaResults);

declare global {
  interface HTMLElementTagNameMap {
    'qala-results': QalaResults;
  }
}
