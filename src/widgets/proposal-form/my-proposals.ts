/**
 * "My proposals" (the author proves their phone, sees and corrects their
 * proposals): the controller and its views in one module that the form loads
 * with `import()` only when a resident opens it, so the script-tag build makes
 * it a chunk of its own and the form's page does not download it.
 */
export { MyProposalsController } from './my-proposals-controller.js';
export { renderMine } from './my-proposals-view.js';
