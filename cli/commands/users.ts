import { relative } from 'node:path';
import { hasErrors } from '../../compiler/diagnostic.js';
import { buildOwnerQueue } from '../../runtime/owners/build-owner-queue.js';
import { collectOwnedRecords, planUsesOwners } from '../../runtime/owners/collect-owned-records.js';
import { UserDirectory } from '../../runtime/owners/odoo-users.js';
import { readOwnersFile, writeOwnersFile } from '../../runtime/owners/owners-file.js';
import { provisionUsers } from '../../runtime/owners/provision-users.js';
import { readOperators } from '../../runtime/owners/read-operators.js';
import { connectOdoo, type OdooSession } from '../connect-odoo.js';
import { openSource } from '../open-source.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { renderOwnerQueue } from '../render-owners.js';
import { UserError } from '../user-error.js';

export interface UsersCommandOptions {
  /** Match against an in-process Odoo sandbox instead of `target`. */
  readonly sandbox: boolean;
  /** Create Odoo users for the unmatched operators. */
  readonly provision: boolean;
  /** Login of the user who owns the records of operators without a user; replaces the one in owners.yaml. */
  readonly fallback?: string;
}

/**
 * `pmap users`: finds the Pega operators that own the records about to
 * load, matches them to Odoo users by e-mail, optionally creates the
 * missing users, and writes the queue file owners.yaml for review.
 */
export async function runUsers(directory: string, options: UsersCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('owners.yaml was not written: fix the errors above and run pmap users again\n');
    return 1;
  }
  const { plan, inputs } = compiled;
  if (!planUsesOwners(plan) || !plan.owners) {
    throw new UserError('no spec assigns owner(...), so no record needs an Odoo user; map a field such as user_id = owner(pxCreateOperator) first (docs/language.md, "Owners")');
  }

  const previous = readOwnersFile(directory);
  const source = openSource(inputs, process.env);
  let session: OdooSession | undefined;
  try {
    const context = { valueMaps: plan.valueMaps, resolvedTargets: new Map() };
    const operators = await readOperators(plan.owners, source);
    const owned = await collectOwnedRecords(plan, source, context);

    // The project's sandbox, so users that --provision creates are there for apply --sandbox.
    session = await connectOdoo(inputs.config.target, { sandbox: options.sandbox, projectDirectory: directory });
    const users = await UserDirectory.read(session.client);
    if (options.fallback !== undefined) checkFallback(options.fallback, users);

    let queue = buildOwnerQueue({ owned, operators, users, previous, ...(options.fallback !== undefined ? { fallback: options.fallback } : {}) });
    if (options.provision) {
      const provisioned = await provisionUsers(queue, users, session.client, inputs.config.module);
      queue = provisioned.file;
      const archived = provisioned.created.filter((id) => queue.operators.get(id)?.disabled || !queue.operators.get(id)?.inPega).length;
      process.stdout.write(`created ${provisioned.created.length} Odoo user${provisioned.created.length === 1 ? '' : 's'} (${archived} archived, for operators who left)\n`);
      for (const problem of provisioned.problems) process.stdout.write(`  not created: ${problem}\n`);
    }

    const path = writeOwnersFile(directory, queue);
    process.stdout.write(`\n${renderOwnerQueue(queue, users)}\nWrote ${relative(process.cwd(), path) || path}\n`);
    return 0;
  } finally {
    await source.close();
    await session?.close();
  }
}

function checkFallback(login: string, users: UserDirectory): void {
  const user = users.withLogin(login);
  if (!user) throw new UserError(`--fallback ${login}: no internal Odoo user has this login; name an existing user, for example the migration's admin`);
  if (!user.active) throw new UserError(`--fallback ${login}: the Odoo user ${user.name} is archived; name an active user, who can work the records handed to it`);
}
