/** Native webhook events. Imports nothing: the web console bundles this list too. */

/** Events a native subscription can ask for (an empty list means all of them). */
export const NATIVE_EVENTS = [
  'document.uploaded',
  'document.updated',
  'document.deleted',
  'document.restored',
  'ocr.requested',
  'ocr.completed',
  'ocr.failed',
  'extraction.completed',
  'extraction.failed',
  'fields.updated',
  'review.changed',
];
