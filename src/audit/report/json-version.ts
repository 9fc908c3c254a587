/**
 * The version of the `--json` output of `corsair check`, `scan` (and `scan merge`) and `verify`, written
 * as `schemaVersion` first in each. Raised when a field is removed, renamed, or changes type or meaning
 * (CHANGELOG.md's version policy); adding a field does not raise it, so readers must ignore fields they
 * do not know. (`explain --json` and `har --json` carry their own versions.)
 *
 * @example
 * if (JSON.parse(out).schemaVersion !== JSON_SCHEMA_VERSION) throw new Error('update the reader');
 */
export const JSON_SCHEMA_VERSION = 1 as const;
