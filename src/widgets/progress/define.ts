import { defineElement } from '../../ui/define.js';
import { QalaProgress } from './progress.js';

defineElement('qala-progress', QalaProgress);

declare global {
  interface HTMLElementTagNameMap {
    'qala-progress': QalaProgress;
  }
}
