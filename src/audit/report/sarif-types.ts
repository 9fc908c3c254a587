// The SARIF 2.1.0 shapes corsair writes. Declared here rather than taken from @types/sarif: the
// published declarations of corsair-cors/audit must not need a package its users do not install.
// test/audit/sarif-types.test.ts assigns every log corsair writes to @types/sarif's `Log`, so these
// stay SARIF.

/** A result's or notification's level. */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/** A SARIF message (plain text). */
export interface SarifMessage {
  readonly text: string;
}

/** A rule (`reportingDescriptor`). */
export interface SarifRule {
  readonly id: string;
  readonly name?: string;
  readonly shortDescription?: SarifMessage;
  readonly fullDescription?: SarifMessage;
  readonly help?: SarifMessage;
  readonly properties?: { readonly tags?: string[]; readonly [key: string]: unknown };
}

/** A result located at a URL. */
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex?: number;
  readonly level?: SarifLevel;
  readonly message: SarifMessage;
  readonly locations?: {
    readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } };
  }[];
  readonly partialFingerprints?: Record<string, string>;
  readonly properties?: Record<string, unknown>;
}

/** A tool notification (a target that could not be scanned). */
export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly descriptor?: { readonly id: string };
}

/** One run of the tool. */
export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version?: string;
      readonly informationUri?: string;
      readonly rules?: SarifRule[];
    };
  };
  readonly invocations?: {
    readonly executionSuccessful: boolean;
    readonly toolExecutionNotifications?: SarifNotification[];
  }[];
  readonly results?: SarifResult[];
}

/**
 * A SARIF 2.1.0 log.
 *
 * @example
 * const log: SarifLog = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [] };
 */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: SarifRun[];
}
