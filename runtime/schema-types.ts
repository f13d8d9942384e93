/** Pega column types as discovery records them. */
export type PegaColumnType = 'text' | 'integer' | 'decimal' | 'date' | 'datetime' | 'truefalse';

export interface PegaColumn {
  /** Database column name (lower case on PostgreSQL). */
  readonly column: string;
  readonly type: PegaColumnType;
  readonly nullable: boolean;
  readonly length?: number;
}

export interface PegaTable {
  /** Pega class whose instances the table stores. */
  readonly className: string;
  /** Columns keyed by Pega property name, for example `pyStatusWork`. */
  readonly columns: Readonly<Record<string, PegaColumn>>;
  readonly rowCount?: number;
}

/** Contents of `schemas/pega.json`. */
export interface PegaSchema {
  readonly pegaSchema: 1;
  /** Tables keyed by qualified name, for example `customerdata.organization`. */
  readonly tables: Readonly<Record<string, PegaTable>>;
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

/** Contents of `schemas/odoo.json`. */
export interface OdooSchema {
  readonly odooSchema: 1;
  readonly serverVersion: string;
  readonly models: Readonly<Record<string, OdooModel>>;
}
