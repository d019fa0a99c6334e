import { PHOTO_TYPES } from '../contract/index.js';

/**
 * The limits of a photo a resident picks, apart from the resizer in
 * `images.ts` so that a form can show them before it loads the resizer.
 */
export const MAX_PHOTO_SIDE = 1600;
/** Largest original a resident may pick; it is resized, so this only guards the phone's memory. */
export const MAX_SOURCE_BYTES = 25 * 1024 * 1024;
export const ACCEPTED_TYPES: readonly string[] = PHOTO_TYPES;
