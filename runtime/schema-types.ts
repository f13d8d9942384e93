/** Pega column types as discovery records them. */
export type PegaColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'truefalse';

export interface PegaColumn {
  /** Database column name (lower case on PostgreSQL). */
  readonly column: string;
  readonly type: PegaColumnType;
  readonly nullable: boolean;
  readonly length?: number;
  /** PostgreSQL type as `format_type` prints it, for example `character varying(32)` or `numeric(18,0)`. */
  readonly databaseType?: string;
  /**
   * Every value of a column with at most 50 distinct values, with its row
   * count, sorted by value (null first). Values are in Pega's text form.
   */
  readonly distinctValues?: ReadonlyArray<readonly [string | null, number]>;
}

export interface PegaTable {
  /** Pega class whose instances the table stores. */
  readonly className: string;
  /** Columns keyed by Pega property name, for example `pyStatusWork`. */
  readonly columns: Readonly<Record<string, PegaColumn>>;
  readonly rowCount?: number;
  /** Property names of the primary key, in key order. */
  readonly key?: readonly string[];
  /**
   * Columns whose PostgreSQL type has no Pega type (the bytea `pzpvstream`,
   * json, arrays), by column name, with that type. Sources do not read them.
   */
  readonly unmappedColumns?: Readonly<Record<string, string>>;
}

/**
 * A link between two tables: a declared foreign key, or one of Pega's
 * implicit references to a work object's pzInsKey (pxRefObjectKey,
 * pxCoverInsKey, pxHistoryForReference, pxLinkedRefFrom, pxLinkedRefTo).
 */
export interface PegaRelationship {
  readonly kind: 'foreign-key' | 'pega-reference';
  /** Referencing table, as keyed in `tables`. */
  readonly from: string;
  /** Property names of the referencing columns. */
  readonly fromColumns: readonly string[];
  /** Referenced table, as keyed in `tables`. */
  readonly to: string;
  readonly toColumns: readonly string[];
  /** Name of the foreign-key constraint (foreign keys only). */
  readonly constraint?: string;
  /** Rows of `from` whose value is a key of `to` (Pega references only). */
  readonly matchedRows?: number;
}

/** Contents of `schemas/pega.json`. */
export interface PegaSchema {
  readonly pegaSchema: 1;
  /** Tables keyed by qualified name, for example `customerdata.organization`. */
  readonly tables: Readonly<Record<string, PegaTable>>;
  readonly relationships?: readonly PegaRelationship[];
}

/** Odoo field types, as `fields_get` names them. */
export type OdooFieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean'
  | 'date' | 'datetime' | 'selection' | 'many2one' | 'one2many' | 'many2many'
  | 'binary' | 'reference' | 'many2one_reference' | 'json' | 'properties' | 'properties_definition';

export interface OdooField {
  readonly type: OdooFieldType;
  /** Field label (`string` in `fields_get`). */
  readonly string: string;
  readonly required: boolean;
  readonly readonly: boolean;
  readonly store: boolean;
  readonly relation?: string;
  readonly selection?: ReadonlyArray<readonly [string, string]>;
  readonly size?: number;
  /** True when Odoo fills the field on create if it is not sent (from `default_get`). */
  readonly hasDefault?: boolean;
}

export interface OdooModel {
  /** Model description, for example `Contact` for res.partner. */
  readonly description: string;
  readonly fields: Readonly<Record<string, OdooField>>;
}

/** A record of reference data that existed in Odoo at discovery, such as a CRM stage. */
export interface OdooReferenceRecord {
  readonly name: string;
  /** Present when the record is archived (`active` false). */
  readonly archived?: true;
  /** The sales team a crm.stage belongs to; absent for a stage of every team. */
  readonly team?: string;
}

/** Contents of `schemas/odoo.json`. */
export interface OdooSchema {
  readonly odooSchema: 1;
  readonly serverVersion: string;
  readonly models: Readonly<Record<string, OdooModel>>;
  /** The stages, teams and activity types Odoo had at discovery, by model, for review and for mapping to names. */
  readonly referenceData?: Readonly<Record<string, readonly OdooReferenceRecord[]>>;
}
