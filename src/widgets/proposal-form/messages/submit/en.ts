import type { SubmitMessages } from '../../messages.js';

/** The texts of the parts a resident meets while submitting (photos, the place on the map, the confirmation, a refusal's words): fetched with them, not with the form's first screen. */
const en: SubmitMessages = {
  'point.set': ({ lat, lng }) => `Point added: ${lat}, ${lng}`,
  'point.remove': 'Remove the point',
  'point.denied': 'Access to your location was not allowed. That is fine — the address is enough.',
  'point.unavailable': 'Your location could not be found. Try again, or give the address only.',
  'point.unsupported': 'This browser cannot find your location. The address is enough.',
  'category.unknown': 'This category no longer exists — choose one from the list.',
  'district.unknown': 'This district no longer exists — choose one from the list.',
  'photo.dimensions': 'The image has too many pixels — choose a smaller photo.',
  'photo.empty': 'The file is empty — choose another photo.',
  'proposal.limit_reached': ({ limit }) => `One phone number may submit at most ${limit} ${limit === 1 ? 'proposal' : 'proposals'} in this cycle, and this one has reached it.`,
  'photo.alt': ({ n }) => `Photo ${n}`,
  'photo.remove': ({ n }) => `Remove photo ${n}`,
  'photo.uploading': ({ percent }) => `Uploading: ${percent} %`,
  'photo.progressLabel': ({ n }) => `Upload of photo ${n}`,
  'photo.uploaded': 'Uploaded',
  'photo.local': 'Uploaded when you send',
  'photo.problem.type': 'this file type does not fit. JPEG, PNG or WebP is needed.',
  'photo.problem.size': ({ max }) => `the file is larger than ${max} MB.`,
  'photo.problem.decode': 'the image could not be opened.',
  'photo.problem.tooMany': ({ max }) => `no more than ${max} photos.`,
  'photo.problem.server': 'the server did not accept this photo. Remove it and add another.',
  'done.heading': 'Proposal sent',
  'done.id': 'Proposal number:',
  'done.next': ({ date }) => `What next: the project centre’s experts review the proposal until ${date}. Their notes and the proposal’s status are under “My proposals” (with a code sent to your phone).`,
  'done.open': 'Open the proposal',
  'done.another': 'Submit another proposal',
  'duplicate.heading': 'The proposal was already received',
  'duplicate.text': 'The server received this proposal before the connection dropped; it was not sent a second time. You can find it in the public list.',
  'done.reference': 'Proposal code:',
  'notify.disabled': 'This town does not send SMS.',
};

export default en;
