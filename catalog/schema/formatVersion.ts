/**
 * The product document format this code reads and writes. A document names its format in
 * `formatVersion`; one without it predates the field (format 0). Documents are migrated on read
 * (parseProduct), step by step, so a published version, an export or a file written by an older
 * Maatwerk opens in a newer one; a document from a newer Maatwerk is refused with a clear message
 * instead of being half-understood. To change the format: raise PRODUCT_FORMAT, append one
 * migration that turns a document of the previous format into the new one, and add a test that
 * reads a document of every earlier format (tests/catalog/formatVersion.test.ts).
 */
export const PRODUCT_FORMAT = 1;

export interface FormatMigration {
  /** The format a document has after this step. */
  to: number;
  /** What changed, for the changelog and the tests. */
  summary: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const productFormatMigrations: readonly FormatMigration[] = [
  { to: 1, summary: 'documents name their format in formatVersion', up: (doc) => ({ ...doc, formatVersion: 1 }) },
];

export type MigrationResult =
  { ok: true; value: unknown; from: number } | { ok: false; issue: { path: (string | number)[]; message: string } };

/** Bring a product document (parsed JSON, not yet checked) to the current format. */
export function migrateProductDocument(
  input: unknown,
  migrations: readonly FormatMigration[] = productFormatMigrations,
  current: number = migrations.at(-1)?.to ?? PRODUCT_FORMAT,
): MigrationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: true, value: input, from: current };
  let doc = input as Record<string, unknown>;
  const declared = doc.formatVersion;
  if (declared !== undefined && (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 1))
    return { ok: false, issue: { path: ['formatVersion'], message: 'formatVersion is a whole number from 1' } };
  const from = declared ?? 0;
  if (from > current)
    return {
      ok: false,
      issue: {
        path: ['formatVersion'],
        message: `this document is in format ${from}, made by a newer Maatwerk; this one reads formats up to ${current}`,
      },
    };
  for (const m of migrations) if (m.to > from) doc = m.up(doc);
  return { ok: true, value: doc, from };
}
