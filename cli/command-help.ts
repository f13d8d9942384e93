/**
 * The help of every pmap command: what it does, its options with units, an
 * example and its exit codes. `pmap help COMMAND` and `pmap COMMAND --help`
 * print it, and the command line rejects an option that a command's help
 * does not list, so the help and the parser cannot drift apart.
 */

export interface OptionHelp {
  /** The option's long name without dashes, as `parseArgs` keys it. */
  readonly name: string;
  /** Placeholder of the value in the usage line, for options that take one. */
  readonly value?: string;
  readonly text: string;
}

export interface CommandHelp {
  readonly name: string;
  readonly usage: readonly string[];
  /** One line for the overview of `pmap --help`. */
  readonly summary: string;
  readonly description: string;
  readonly options: readonly OptionHelp[];
  readonly examples: readonly string[];
  readonly exitCodes: ReadonlyArray<readonly [number, string]>;
}

// Options several commands share are defined once, so they read the same everywhere.
const sandbox: OptionHelp = {
  name: 'sandbox',
  text: 'use an Odoo 16 sandbox started inside this process instead of target in pmap.yaml; its data is kept in <project>/.pmap/sandbox/odoo.json, so apply, verify and rollback see the same records',
};
const autoApprove: OptionHelp = { name: 'auto-approve', text: "go ahead without asking for 'yes'" };
const textOrJson: OptionHelp = { name: 'format', value: 'text|json', text: 'text for people (default), or json for scripts and CI' };

const usageError: readonly [number, string] = [2, 'wrong usage: an unknown command or option, or a missing or invalid value'];
const inputError = 'errors in pmap.yaml, the specs or their inputs, which the message names';

export const COMMANDS: readonly CommandHelp[] = [
  {
    name: 'init',
    usage: ['pmap init [dir] [--force]'],
    summary: 'create a migration project with the standard specs',
    description:
      'Creates a project in dir (default: the current folder): a commented pmap.yaml with a Pega PostgreSQL source, a .gitignore for .pmap/, and the standard Pega -> Odoo specs (companies with their parents, contacts merged by e-mail, loyalty accounts, service cases as opportunities). Then it prints the next steps.',
    options: [{ name: 'force', text: 'write into a folder that is not empty, replacing files of the same name' }],
    examples: ['pmap init acme-migration'],
    exitCodes: [[0, 'the project was created'], [1, 'the folder is not empty (without --force) or cannot be written'], usageError],
  },
  {
    name: 'propose',
    usage: ['pmap propose [project] [object...] [--model NAME]'],
    summary: 'draft specs from the discovered schemas, each line marked ? until accepted',
    description:
      'Reads schemas/pega.json and schemas/odoo.json and writes a draft spec per Pega table into specs/, or adds lines to an existing spec for the columns it does not map yet; lines a person wrote are never changed. Each proposed line carries its confidence and evidence as a comment, and lines below full confidence start with ?, which pmap check rejects (PM330) until a person removes the mark.',
    options: [{ name: 'model', value: 'NAME', text: 'the Odoo model to map the named tables to, for tables pmap would skip' }],
    examples: ['pmap propose examples/demo', 'pmap propose . data.pc_acme_cs_work'],
    exitCodes: [[0, 'drafts were written'], [1, `${inputError}, or a named table is unknown`], usageError],
  },
  {
    name: 'check',
    usage: ['pmap check [project] [--format text|json]'],
    summary: 'parse and type-check the specs',
    description:
      'Parses every spec in <project>/specs and checks it against schemas/pega.json and schemas/odoo.json: names, types, value maps, references and load order. Each problem is reported with file:line:column, a code and a hint. Nothing is read from Pega or sent to Odoo.',
    options: [textOrJson],
    examples: ['pmap check examples/demo'],
    exitCodes: [[0, 'no errors (warnings may be printed)'], [1, inputError], usageError],
  },
  {
    name: 'plan',
    usage: ['pmap plan [project] [--sandbox] [--format text|json|markdown] [--detailed-exitcode] [--offline] [--out FILE]'],
    summary: 'preview what apply would do in Odoo, per object, without writing',
    description: [
      'Compiles the specs, reads the source and compares every record with what Odoo holds now, without writing to it: per object the records to create (+), update (~), leave unchanged (=) and reject (!), samples with their field-level before -> after, rejects by reason, the values a value map does not cover, custom fields to add, owners without a user and missing reference data.',
      'On a terminal it opens an interactive view: up/down or j/k move, Enter opens an object, Esc goes back, q quits. Elsewhere it prints the same content as text. --format json prints one document that compiler/plan-preview.schema.json describes; --format markdown prints a pull-request comment.',
      '--out also writes the compiled plan as JSON, with the state serial, for pmap apply plan.json, which rejects it once the specs, the schemas or the state moved.',
    ].join('\n\n'),
    options: [
      { ...sandbox, text: `preview against ${sandbox.text.replace(/^use /, '')}` },
      { name: 'format', value: 'text|json|markdown', text: 'text or the interactive view (default), json for scripts, markdown for a pull-request comment' },
      { name: 'detailed-exitcode', text: 'exit 0 when nothing would change, 2 when something would, 1 on an error' },
      { name: 'offline', text: 'print only the compiled load order and value maps, without connecting to Odoo' },
      { name: 'out', value: 'FILE', text: 'also write the compiled plan as JSON to FILE' },
    ],
    examples: ['pmap plan examples/demo --sandbox', 'pmap plan . --format markdown --detailed-exitcode', 'pmap plan . --offline --out plan.json'],
    exitCodes: [[0, 'the preview was printed (with --detailed-exitcode: nothing would change)'], [1, `${inputError}; Odoo could not be reached; or apply would stop`], usageError, [2, 'with --detailed-exitcode: apply would change Odoo']],
  },
  {
    name: 'apply',
    usage: ['pmap apply [project] [--sandbox] [--delta] [--auto-approve] [--verbose] [--plan FILE]', 'pmap apply plan.json [--project DIR] [...]'],
    summary: 'load into Odoo, after showing what will load and asking',
    description: [
      'Compiles the specs, connects to Odoo, prints the objects it will load in order (source table -> Odoo model, with the row count schemas/pega.json expects) and asks for \'yes\' when standard input is a terminal. Without a terminal (scripts, CI) it does not ask and says so.',
      'It then loads every object in dependency order. On a terminal a live view shows per object its status, a bar, rows per second, the estimated time left, created, updated and unchanged records, rejects and retries; otherwise one line per object start and end, and a progress line at most every 5 seconds. NO_COLOR turns colors off.',
      'Every record carries an external id, so a re-run updates instead of duplicating, and records that did not change are not sent again. A run that was killed resumes on the next apply. The first Ctrl-C stops after the batch in progress, with its checkpoint saved; a second one stops at once.',
      'Writes the report to .pmap/reports/last-apply.json and .md, rejected records to .pmap/rejects/<object>.jsonl, and a JSON-lines log of the run (phases, batches, retries, rejects by reason, errors; never a password) to .pmap/logs/apply-<start time>.jsonl.',
      "The Odoo password or API key comes from the environment variable that target.password_env names (default PMAP_ODOO_PASSWORD).",
    ].join('\n\n'),
    options: [
      { ...sandbox, text: `load into ${sandbox.text.replace(/^use /, '')}` },
      { name: 'delta', text: 'cutover run: read only rows committed since the last succeeded run (pxCommitDateTime, else pxUpdateDateTime, less 60 minutes of overlap)' },
      { name: 'concurrency', value: 'N', text: 'load on N Odoo connections at once, 1 to 8 (default: options.concurrency in pmap.yaml, else 1); records that share a parent record always travel on one connection' },
      { ...autoApprove, text: "load without asking for 'yes' first" },
      { name: 'verbose', text: 'print a line per committed batch on standard error' },
      { name: 'plan', value: 'FILE', text: 'apply the plan pmap plan --out saved in FILE; it is rejected when the specs, the schemas or the state moved since' },
      { name: 'project', value: 'DIR', text: 'the project of a saved plan given as the first argument (default: the current folder)' },
    ],
    examples: ['pmap apply examples/demo --sandbox', 'PMAP_ODOO_PASSWORD=... pmap apply . --auto-approve', 'pmap apply plan.json --project examples/demo --sandbox'],
    exitCodes: [
      [0, 'every object loaded'],
      [1, `${inputError}; an object failed or was skipped; the answer was not 'yes'; or Odoo could not be reached`],
      usageError,
      [130, 'stopped by Ctrl-C after a committed batch; run pmap apply again to resume'],
    ],
  },
  {
    name: 'verify',
    usage: ['pmap verify [project] [--sample N [--seed S] | --all] [--sandbox] [--format text|json]'],
    summary: 'compare every mapped field in Odoo with what the specs compute now',
    description:
      'Reads the loaded records back from Odoo and compares every mapped field with what the specs compute from the source now. Mismatches are printed and written to .pmap/reports/. Nothing is changed.',
    options: [
      { name: 'sample', value: 'N', text: 'compare N records per object, chosen at random (default: every record)' },
      { name: 'seed', value: 'S', text: 'seed of the random choice, a whole number, so a sample can be repeated (default 1)' },
      { name: 'all', text: 'compare every record of every object, as happens without --sample; say it in scripts to make the intent plain' },
      sandbox,
      textOrJson,
    ],
    examples: ['pmap verify examples/demo --sandbox --sample 50'],
    exitCodes: [[0, 'every compared record matches'], [1, `a record differs, or ${inputError}, or Odoo could not be reached`], usageError],
  },
  {
    name: 'rollback',
    usage: ['pmap rollback [project] [--run ID | --all] [--drop-fields] [--auto-approve] [--sandbox]'],
    summary: 'undo the last run (or run ID, or all runs)',
    description:
      "Undoes runs newest first: deletes the records a run created and restores the values of records it changed, as the state recorded them. It shows what it will do and asks for 'yes'; without a terminal it stops unless --auto-approve is given. Afterwards it compares Odoo's pmap records with the state.",
    options: [
      { name: 'run', value: 'ID', text: 'roll back run ID (see pmap runs) instead of the last run' },
      { name: 'all', text: 'roll back every run, newest first' },
      { name: 'drop-fields', text: 'also delete the custom fields the runs created in Odoo' },
      autoApprove,
      sandbox,
    ],
    examples: ['pmap rollback examples/demo --sandbox'],
    exitCodes: [[0, 'rolled back and Odoo matches the state, or nothing to roll back'], [1, "the answer was not 'yes', Odoo and the state disagree afterwards, or an error"], usageError],
  },
  {
    name: 'report',
    usage: ['pmap report [project] [--format text|json]'],
    summary: 'print the reconciliation report of the last apply again',
    description:
      'Prints the reconciliation report the last pmap apply wrote to .pmap/reports/last-apply.json (source rows, filtered, deduplicated, created, updated, unchanged and rejected records by reason, and the records in Odoo), then the last run and the number of records the state holds per object now. Nothing is sent to Odoo.',
    options: [textOrJson],
    examples: ['pmap report examples/demo'],
    exitCodes: [[0, 'the report was printed'], [1, 'no apply has written a report yet, or pmap.yaml is invalid'], usageError],
  },
  {
    name: 'runs',
    usage: ['pmap runs [project]'],
    summary: 'list the runs recorded in the state',
    description: 'Lists the runs the state records, oldest first, with kind, status, start and end time, user and target, and the lock if one is held.',
    options: [],
    examples: ['pmap runs examples/demo'],
    exitCodes: [[0, 'the runs were listed'], [1, 'the state cannot be read'], usageError],
  },
  {
    name: 'force-unlock',
    usage: ['pmap force-unlock ID [project]'],
    summary: 'release a state lock left by a process that no longer runs',
    description:
      'Releases the state lock with id ID. A command that finds the state locked names the lock id, the user, host and process holding it; release it only when that process no longer runs.',
    options: [],
    examples: ['pmap force-unlock 3f9a1c2e examples/demo'],
    exitCodes: [[0, 'the lock was released'], [1, 'the state is not locked, or its lock has another id'], usageError],
  },
  {
    name: 'users',
    usage: ['pmap users [project] [--sandbox] [--provision] [--fallback LOGIN]'],
    summary: 'pair the Pega operators who own records with Odoo users',
    description:
      'Finds the Pega operators that owner(...) names in the records about to load, matches them to Odoo users by e-mail, and writes owners.yaml for review. pmap apply reads that file.',
    options: [
      sandbox,
      { name: 'provision', text: 'create an Odoo user for each operator without one (archived for operators who left)' },
      { name: 'fallback', value: 'LOGIN', text: 'give the records of operators without a user to the Odoo user with this login' },
    ],
    examples: ['pmap users examples/demo --sandbox --fallback admin'],
    exitCodes: [[0, 'owners.yaml was written'], [1, `${inputError}, or Odoo could not be reached`], usageError],
  },
  {
    name: 'discover',
    usage: ['pmap discover odoo [project] [--sandbox]', 'pmap discover pega [project] [--schema NAME[=SCHEMA] ...] [--inventory-from FILE]'],
    summary: 'write schemas/odoo.json or schemas/pega.json from the live systems',
    description: [
      "discover odoo writes schemas/odoo.json from Odoo's fields_get and default_get for the models the specs load into and the models their value maps and lookups name, with the stages, teams and activity types Odoo has.",
      'discover pega writes schemas/pega.json (tables, columns, keys, row counts, relationships) from the Pega database whose URL is in the environment variable source.url_env names (default PMAP_PEGA_DATABASE_URL), and the rule inventory inventory/*.yaml from its rule tables.',
    ].join('\n\n'),
    options: [
      { ...sandbox, text: `(odoo) ${sandbox.text}` },
      { name: 'schema', value: 'NAME[=SCHEMA]', text: '(pega) read this PostgreSQL schema, under NAME in schemas/pega.json; repeatable; default: the schemas that source.schemas in pmap.yaml maps, else every schema with tables' },
      { name: 'inventory-from', value: 'FILE', text: '(pega) also read the rules of this application export archive (.zip)' },
    ],
    examples: ['pmap discover odoo examples/demo --sandbox', 'PMAP_PEGA_DATABASE_URL=postgres://pega@db:5432/pega pmap discover pega . --schema data=pegadata'],
    exitCodes: [[0, 'the schema file was written'], [1, `${inputError}, or the database or Odoo could not be read`], usageError],
  },
  {
    name: 'docs',
    usage: ['pmap docs [project] [--format markdown|html] [--out DIR]'],
    summary: 'render rebuild and mapping documents',
    description:
      'Renders rebuild documents for what cannot move as data (case types, decision rules, workflows, SLAs, reports) from inventory/, and mapping documents from the specs and the last run. When the specs have errors the documents are still written and the mapping reference says it is missing.',
    options: [
      { name: 'format', value: 'markdown|html', text: 'markdown (default) or self-contained html' },
      { name: 'out', value: 'DIR', text: 'write the documents into DIR (default: <project>/docs)' },
    ],
    examples: ['pmap docs examples/demo --format html'],
    exitCodes: [[0, 'the documents were written'], [1, 'the documents were written, but the specs have errors, or an input cannot be read'], usageError],
  },
  {
    name: 'sandbox',
    usage: ['pmap sandbox [--port N] [--host ADDRESS] [--state FILE] [--server-version 16.0|19.0]'],
    summary: 'serve an Odoo sandbox over XML-RPC and JSON-2',
    description:
      'Serves an Odoo-compatible sandbox until Ctrl-C: login admin, database sandbox, password from PMAP_ODOO_PASSWORD (else admin). JSON-2 needs an API key in PMAP_SANDBOX_API_KEY.',
    options: [
      { name: 'port', value: 'N', text: 'TCP port to listen on, 0 to pick a free one (default 8069)' },
      { name: 'host', value: 'ADDRESS', text: 'address to listen on (default 127.0.0.1)' },
      { name: 'state', value: 'FILE', text: 'keep the data in FILE across restarts (default: in memory; also PMAP_SANDBOX_STATE)' },
      { name: 'server-version', value: '16.0|19.0', text: 'the Odoo version the sandbox reports and behaves as (default 16.0; also PMAP_SANDBOX_VERSION)' },
    ],
    examples: ['pmap sandbox --port 8069 --state sandbox.json'],
    exitCodes: [[0, 'stopped by Ctrl-C'], [1, 'the port is taken, or the state file cannot be read'], usageError],
  },
  {
    name: 'fmt',
    usage: ['pmap fmt [project|folder|file] [--check]'],
    summary: 'rewrite the specs in the canonical layout',
    description: 'Rewrites the specs in the canonical layout, keeping comments, and lists the files it changed.',
    options: [{ name: 'check', text: 'write nothing; list the files that are not formatted' }],
    examples: ['pmap fmt examples/demo --check'],
    exitCodes: [[0, 'formatted, or with --check every file is already formatted'], [1, 'with --check a file is not formatted, or a spec has syntax errors'], usageError],
  },
  {
    name: 'profile',
    usage: ['pmap profile [project] [--object NAME ...] [--format text|markdown|html|json] [--out FILE] [--no-timestamp] [--max-distinct N]'],
    summary: 'report the data quality of the source rows',
    description:
      'Reads each object\'s source rows and reports keys, null and blank rates, value formats, duplicate candidates and orphan references per column. Writes .pmap/reports/profile.md and .html for sign-off.',
    options: [
      { name: 'object', value: 'NAME', text: 'profile only this object; repeatable (default: every object)' },
      { name: 'format', value: 'text|markdown|html|json', text: 'what to print: a text summary (default) or the full report in that form' },
      { name: 'out', value: 'FILE', text: 'write the --format output to FILE instead of standard output' },
      { name: 'no-timestamp', text: 'leave out the generated-at line, so reports of the same data are identical' },
      { name: 'max-distinct', value: 'N', text: 'values kept per column, duplicate check and key set, a positive whole number (default 200000); counts that reach it are marked' },
    ],
    examples: ['pmap profile examples/demo --object Contact --format markdown --out contact-profile.md'],
    exitCodes: [[0, 'the profile was written'], [1, `${inputError}, or the source cannot be read`], usageError],
  },
  {
    name: 'diff',
    usage: ['pmap diff OLD NEW [--format text|markdown] [--project DIR]'],
    summary: 'show what changed in meaning between two versions of the specs',
    description:
      'Compares two spec folders (or .pmap files), or two git revisions of the project in --project, by meaning: objects, fields, value maps, options, validators and load order. Layout and comments do not count.',
    options: [
      { name: 'format', value: 'text|markdown', text: 'text (default), or markdown for a pull request comment' },
      { name: 'project', value: 'DIR', text: 'the project whose git revisions OLD and NEW name (default: the current folder)' },
    ],
    examples: ['pmap diff HEAD~1 HEAD --project examples/demo'],
    exitCodes: [[0, 'the differences were printed, also when there are none'], [1, 'a side cannot be read or has syntax errors'], usageError],
  },
];

/** Options every command takes. */
const GLOBAL_OPTIONS = ['help'];

export function findCommand(name: string): CommandHelp | undefined {
  return COMMANDS.find((command) => command.name === name);
}

/** Finds the first option in `given` that `command` does not take. */
export function unexpectedOption(command: CommandHelp, given: readonly string[]): string | undefined {
  const known = new Set([...GLOBAL_OPTIONS, ...command.options.map((option) => option.name)]);
  return given.find((name) => !known.has(name));
}

/** Renders the help of one command for `pmap help COMMAND`. */
export function renderCommandHelp(command: CommandHelp): string {
  const lines = [`pmap ${command.name}: ${command.summary}`, '', 'Usage:', ...command.usage.map((usage) => `  ${usage}`), '', ...wrap(command.description, 78), ''];
  if (command.options.length > 0) {
    lines.push('Options:');
    for (const option of command.options) {
      lines.push(`  --${option.name}${option.value ? ` ${option.value}` : ''}`);
      lines.push(...wrap(option.text, 72).map((line) => `      ${line}`));
    }
    lines.push('');
  }
  lines.push(`Example${command.examples.length > 1 ? 's' : ''}:`, ...command.examples.map((example) => `  ${example}`), '');
  lines.push('Exit codes:', ...command.exitCodes.map(([code, meaning]) => `  ${String(code).padEnd(3)} ${meaning}`));
  return `${lines.join('\n')}\n`;
}

/** Renders `pmap --help`: every command with its summary. */
export function renderOverview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'pmap: migrate a CRM from Pega to Odoo as reviewed config-as-code',
    '',
    'Usage: pmap COMMAND [project] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'The project folder (default: the current folder) holds pmap.yaml, specs/*.pmap',
    'and schemas/. Odoo\'s password or API key is read from the environment variable',
    'that target.password_env in pmap.yaml names (default PMAP_ODOO_PASSWORD).',
    '',
    'Run `pmap help COMMAND` or `pmap COMMAND --help` for a command\'s options,',
    'an example and its exit codes. `pmap --version` prints the version.',
    '',
    'Examples:',
    '  pmap check examples/demo',
    '  pmap apply examples/demo --sandbox',
    '',
    'Exit codes: 0 success, 1 errors in the input or a failed run, 2 wrong usage,',
    '130 apply stopped by Ctrl-C (run it again to resume).',
    '',
  ].join('\n');
}

/** Wraps text at `width` columns on spaces, keeping blank lines between paragraphs. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n\n')) {
    if (lines.length > 0) lines.push('');
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}
