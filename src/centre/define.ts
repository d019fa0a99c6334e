import { defineElement } from '../ui/define.js';
import { QalaCentre } from './centre.js';

defineElement('qala-centre', QalaCentre);

declare global {
  interface HTMLElementTagNameMap {
    'qala-centre': QalaCentre;
  }
}
