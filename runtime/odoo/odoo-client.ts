import { setTimeout as sleep } from 'node:timers/promises';
import { OdooAuthenticationError, OdooConnectionError, OdooFault, OdooOutcomeUnknownError } from './odoo-errors.js';
import { backoffDelay, defaultRetryPolicy, retryDecision, type RetryPolicy } from './retry-policy.js';
import { Json2Transport } from './json2-transport.js';
import { XmlRpcTransport } from './xmlrpc-transport.js';

export interface OdooConnection {
  readonly url: string;
  readonly database: string;
  readonly login: string;
  /** Password or API key; kept in memory only and never logged. */
  readonly password: string;
  /** Retries after transient failures; `defaultRetryPolicy` when absent. */
  readonly retry?: RetryPolicy;
  /**
   * `xmlrpc` (Odoo 16 to 19) or `json2` (Odoo 19 and later, where XML-RPC is
   * deprecated); with json2 the password must be an API key.
   */
  readonly protocol?: 'xmlrpc' | 'json2';
}

export type Domain = unknown[];
export type OdooRecord = Record<string, unknown> & { id: number };

/**
 * The context sent with every write: no mail tracking or chatter noise, and
 * UTC with English texts, so datetimes do not shift and fault texts match
 * what pmap recognises. On a real Odoo 16 this context made batch creates of
 * crm.lead several times faster.
 */
export const importContext = {
  tracking_disable: true,
  mail_create_nolog: true,
  mail_notrack: true,
  import_file: true,
  tz: 'UTC',
  lang: 'en_US',
} as const;

/** A logged-in Odoo session over XML-RPC. */
export class OdooClient {
  private readonly json2: Json2Transport | undefined;

  private constructor(
    private readonly transport: XmlRpcTransport,
    private readonly connection: OdooConnection,
    readonly uid: number,
    readonly serverVersion: string,
  ) {
    // NOTE: login and the version still go through XML-RPC's common service,
    // which Odoo 19 keeps (deprecated) until its removal in Odoo 22.
    this.json2 = connection.protocol === 'json2' ? new Json2Transport(connection.url, connection.database, connection.password) : undefined;
  }

  static async connect(connection: OdooConnection): Promise<OdooClient> {
    const transport = new XmlRpcTransport(connection.url);
    const version = (await transport.callCommon('version', [])) as { server_version?: unknown } | undefined;
    if (!version || typeof version.server_version !== 'string') {
      throw new OdooConnectionError(`${connection.url} did not answer common.version like an Odoo server; check target.url in pmap.yaml`, connection.url);
    }

    const uid = await transport.callCommon('authenticate', [connection.database, connection.login, connection.password, {}]).catch((error: unknown) => {
      // Odoo does not catch an unknown database: it faults with PostgreSQL's text.
      if (error instanceof OdooFault && /database "[^"]*" does not exist/.test(error.faultString)) {
        throw new OdooConnectionError(`Odoo at ${connection.url} has no database \`${connection.database}\`; check target.database in pmap.yaml`, connection.url);
      }
      throw error;
    });
    if (typeof uid !== 'number' || uid <= 0) {
      throw new OdooAuthenticationError(
        `Odoo refused the login \`${connection.login}\` on database \`${connection.database}\` at ${connection.url}; ` +
          'check target.login and target.database in pmap.yaml and the password or API key in the variable named by target.password_env',
      );
    }
    return new OdooClient(transport, connection, uid, version.server_version);
  }

  /** The major version, tolerating Enterprise (`16.0+e`) and SaaS (`saas~17.4`) spellings. */
  get majorVersion(): number {
    const match = /(\d+)\.\d+/.exec(this.serverVersion);
    return match ? Number(match[1]) : Number.NaN;
  }

  /** Calls that were sent again after a transient failure, since the client connected. */
  retries = 0;

  /**
   * Calls a model method, sending the call again after transient failures
   * where that is safe (see `retryDecision`), with exponential backoff and
   * jitter. A create or unlink whose response was lost is not sent again.
   */
  async executeKw(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<unknown> {
    const params = [this.connection.database, this.uid, this.connection.password, model, method, args, kwargs];
    const policy = this.connection.retry ?? defaultRetryPolicy;
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (this.json2) return await this.json2.call(model, method, args, kwargs);
        return await this.transport.executeKw(params, model, method);
      } catch (error) {
        const decision = retryDecision(error, method);
        if (!decision.retry || attempt >= policy.retries) {
          if (error instanceof OdooConnectionError && error.transient && !decision.retry) throw new OdooOutcomeUnknownError(model, method, error);
          throw error;
        }
        this.retries += 1;
        await sleep(decision.delayMs ?? backoffDelay(policy, attempt, Math.random));
      }
    }
  }

  async searchRead(model: string, domain: Domain, fields: string[], options: { limit?: number; order?: string } = {}): Promise<OdooRecord[]> {
    const kwargs: Record<string, unknown> = { fields, context: { active_test: false } };
    if (options.limit !== undefined) kwargs.limit = options.limit;
    if (options.order !== undefined) kwargs.order = options.order;
    return (await this.executeKw(model, 'search_read', [domain], kwargs)) as OdooRecord[];
  }

  async read(model: string, ids: number[], fields: string[]): Promise<OdooRecord[]> {
    if (ids.length === 0) return [];
    return (await this.executeKw(model, 'read', [ids, fields], { context: { active_test: false } })) as OdooRecord[];
  }

  async searchCount(model: string, domain: Domain): Promise<number> {
    return (await this.executeKw(model, 'search_count', [domain], { context: { active_test: false } })) as number;
  }

  /** Creates records with one call; Odoo creates all of them or none. */
  async create(model: string, values: Record<string, unknown>[]): Promise<number[]> {
    if (values.length === 0) return [];
    return (await this.executeKw(model, 'create', [values], { context: importContext })) as number[];
  }

  async write(model: string, ids: number[], values: Record<string, unknown>): Promise<void> {
    await this.executeKw(model, 'write', [ids, values], { context: importContext });
  }

  async fieldsGet(model: string, attributes: string[]): Promise<Record<string, Record<string, unknown>>> {
    return (await this.executeKw(model, 'fields_get', [], { attributes })) as Record<string, Record<string, unknown>>;
  }
}
