/** The public face of gateway/standard/: other folders import from here. It only re-exports. */

export { invisibleIn } from './formats.ts';
export { isValidOrgCode, isValidUscc } from './identifiers.ts';
export { ajvMessage } from './messages.ts';
export {
  applyMergePatch,
  extendedReleaseSchema,
  OCDS_EXTENSION_DIR,
  type OcdsValidationOptions,
  validateOcdsRecordPackage,
  validateOcdsReleasePackage,
} from './ocds-schema.ts';
export type { Issue, Standard } from './port.ts';
export { type CodelistEntry, loadCodelist } from './reference-data.ts';
export { addHolidayArrangementsFrom } from './rules/calendar.ts';
export * from './standard.ts';
