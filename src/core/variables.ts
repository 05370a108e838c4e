/**
 * `{{name}}` variables, as in the Webex Connect docs' samples (`{{WAAppid}}`, `{{waid}}`).
 * A name starts with a letter or underscore and continues with letters, digits, `_`, `.` or `-`;
 * spaces inside the braces are tolerated (`{{ waid }}`), as Postman does.
 */

/** Source of the name part, shared by every pattern below. */
export const VARIABLE_NAME_SOURCE = '[A-Za-z_][A-Za-z0-9_.-]*';

/** A `{{name}}` reference anywhere in a string (regex source, no anchors). */
export const VARIABLE_REFERENCE_SOURCE = `\\{\\{\\s*${VARIABLE_NAME_SOURCE}\\s*\\}\\}`;

/** A string that is exactly one `{{name}}` reference (regex source, anchored). */
export const WHOLE_VARIABLE_SOURCE = `^${VARIABLE_REFERENCE_SOURCE}$`;

/** Whether a string is exactly one `{{name}}` reference. */
export function isWholeVariable(value: string): boolean {
  return new RegExp(WHOLE_VARIABLE_SOURCE).test(value);
}
