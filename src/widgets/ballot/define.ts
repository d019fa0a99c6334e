import { defineElement } from '../../ui/define.js';
import { QalaBallot } from './ballot.js';

defineElement('qala-ballot', QalaBallot);

declare global {
  interface HTMLElementTagNameMap {
    'qala-ballot': QalaBallot;
  }
}
