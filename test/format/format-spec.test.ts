import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSpec } from '../../compiler/format-spec.js';
import { printExpression } from '../../compiler/print-expression.js';
import type { Expression, ObjectDeclaration } from '../../grammar/ast.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { withoutSpans } from './without-spans.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

function format(text: string): string {
  const result = formatSpec('x.pmap', text);
  expect(result.diagnostics).toEqual([]);
  return result.text!;
}

/** Lists every `.pmap` file in the repository outside build output, dependencies and run state. */
function repositorySpecFiles(directory = repositoryRoot): string[] {
  const skipped = new Set(['node_modules', 'dist', '.git', '.pmap']);
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return repositorySpecFiles(path);
    return entry.name.endsWith('.pmap') ? [path] : [];
  });
}

const cases: Array<{ name: string; before: string; after: string }> = [
  {
    name: 'where filters after joins, before clean rules',
    before: `object A from pega table t key K to odoo mail.message
  res_id = record_id(B, K)
  clean Memo = trim(Memo)
  where  pxObjClass=="History-A"   and not(Memo is null)  # service cases only
  with pega table u as U on K = U.K
  datas = base64(Stream, encoding: "hex")
`,
    after: `object A
  from pega table t key K
  to odoo mail.message

  with pega table u as U on K = U.K

  where pxObjClass == "History-A" and not Memo is null  # service cases only

  clean Memo = trim(Memo)

  res_id = record_id(B, K)
  datas  = base64(Stream, encoding: "hex")
`,
  },
  {
    name: 'object header on three lines',
    before: 'object A from pega table t key K1,K2 to odoo res.partner name=K1',
    after: `object A
  from pega table t key K1, K2
  to odoo res.partner

  name = K1
`,
  },
  {
    name: 'assignments aligned per block',
    before: `object A from pega table t key K to odoo m
  name = K
  is_company = true


  x = 1
  longer_name = 2
`,
    after: `object A
  from pega table t key K
  to odoo m

  name       = K
  is_company = true

  x           = 1
  longer_name = 2
`,
  },
  {
    name: 'members sorted into sections',
    before: `object A from pega table t key K to odoo m
  require email or phone
  dedupe by lower(Email),Phone keep latest pxUpdateDateTime
  check email is email
  custom field x_code: char "Code"
  name = K
  match email
  batch 200
  mode create-only
  check name length 1..64
  check age in 0..120
  check code matches "^[A-Z]+$"
  check ref unique
  dedupe by K keep first
`,
    after: `object A
  from pega table t key K
  to odoo m

  match email
  batch 200
  mode create-only

  name = K

  custom field x_code: char "Code"

  dedupe by lower(Email), Phone keep latest pxUpdateDateTime
  dedupe by K keep first

  require email or phone
  check email is email
  check name length 1..64
  check age in 0..120
  check code matches "^[A-Z]+$"
  check ref unique
`,
  },
  {
    name: 'joins before options',
    before: `object C from pega table customerdata.contact key ContactID to odoo res.partner
  batch 100
  name = trim(Name)
  with pega table customerdata.address as Address on AddressID=Address.AddressID # the address
  city = Address.City
`,
    after: `object C
  from pega table customerdata.contact key ContactID
  to odoo res.partner

  with pega table customerdata.address as Address on AddressID = Address.AddressID  # the address

  batch 100

  name = trim(Name)
  city = Address.City
`,
  },
  {
    name: 'custom field selection',
    before: `object A from pega table t key K to odoo m
  custom field x_state: selection "State" { "new" => "New" "in_progress" => "In progress" }
  custom field x_note: text
`,
    after: `object A
  from pega table t key K
  to odoo m

  custom field x_state: selection "State" {
    "new"         => "New"
    "in_progress" => "In progress"
  }
  custom field x_note: text
`,
  },
  {
    name: 'value maps aligned',
    before: `values Stage->crm.stage{"New"=>"New" "Resolved-Completed"=>"Won" else=>error}
values Urgency { 10 => "0" 100 => "3" else => pass }
values Open { "Resolved-Cancelled" => false null => true else => true }
values Empty {   }
`,
    after: `values Stage -> crm.stage {
  "New"                => "New"
  "Resolved-Completed" => "Won"
  else                 => error
}

values Urgency {
  10   => "0"
  100  => "3"
  else => pass
}

values Open {
  "Resolved-Cancelled" => false
  null                 => true
  else                 => true
}

values Empty {}
`,
  },
  {
    name: 'minimal parentheses',
    before: `object A from pega table t key K to odoo m
  a = ((K))
  b = (x or y) or z
  c = x or (y or z)
  d = not (x and y)
  e = (x == y) == z
  f = (if x then y else z) == w
  g = w == (if x then y else z)
  h = (if x then y else z) and w
  i = not (x == y)
  j = (not x) == y
  k = (x or y) is null
  l = if (x or y) then (a and b) else (c or d)
  m = case (x) when (1) then (2) else (3) end
  n = (case when x is not null then 1 end) == 1
  o = x and (y or z) and not w
`,
    after: `object A
  from pega table t key K
  to odoo m

  a = K
  b = x or y or z
  c = x or (y or z)
  d = not (x and y)
  e = (x == y) == z
  f = (if x then y else z) == w
  g = w == if x then y else z
  h = (if x then y else z) and w
  i = not x == y
  j = (not x) == y
  k = (x or y) is null
  l = if x or y then a and b else c or d
  m = case x when 1 then 2 else 3 end
  n = case when x is not null then 1 end == 1
  o = x and (y or z) and not w
`,
  },
  {
    name: 'literals re-escaped, numbers as written',
    before: `object A from pega table t key K to odoo m
  a = "tab\there \\q \\\\ \\"quoted\\" line\\nbreak"
  b = 2.50
  c = -1
  d = null
  e = phone(region: "US", Phone, invalid: "null")
  f = f( )
`,
    after: `object A
  from pega table t key K
  to odoo m

  a = "tab\\there q \\\\ \\"quoted\\" line\\nbreak"
  b = 2.50
  c = -1
  d = null
  e = phone(Phone, region: "US", invalid: "null")
  f = f()
`,
  },
  {
    name: 'imports first',
    before: `values M { "a" => "b" }
import "maps.pmap"
import   "more/other maps.pmap"
`,
    after: `import "maps.pmap"
import "more/other maps.pmap"

values M {
  "a" => "b"
}
`,
  },
  {
    name: 'comments stay with their lines',
    before: `# File header.

import "maps.pmap"   # shared maps
# The Lead object.
object Lead   # Pega cases
  from pega table data.pc_work key pyID  # the work table
  to odoo crm.lead

  # Name first.
  name = trim(pyLabel)   # a trailing comment
  description = coalesce(   # the first non-empty
      pyDescription,
      # then the label
      pyLabel)
  batch 100  # small batches
  # kept at the end of Lead
# above the map
values M {
  "a" => "b" # first
  # before else
  else => "c"
  # before the closing brace
}
# file end
`,
    after: `# File header.

import "maps.pmap"  # shared maps

# The Lead object.
object Lead  # Pega cases
  from pega table data.pc_work key pyID  # the work table
  to odoo crm.lead

  batch 100  # small batches

  # Name first.
  name        = trim(pyLabel)  # a trailing comment
  # the first non-empty
  # then the label
  description = coalesce(pyDescription, pyLabel)
  # kept at the end of Lead

# above the map
values M {
  "a"  => "b"  # first
  # before else
  else => "c"
  # before the closing brace
}
# file end
`,
  },
  {
    name: 'trailing comments aligned per block',
    before: `object A from pega table t key K to odoo m
  name = K # key
  parent_id = ref(B, BK)    # B loads first
  x = 1

  y = 2 # alone
`,
    after: `object A
  from pega table t key K
  to odoo m

  name      = K           # key
  parent_id = ref(B, BK)  # B loads first
  x         = 1

  y = 2  # alone
`,
  },
  {
    name: 'blank lines between comments kept',
    before: `object A from pega table t key K to odoo m
  # Identity.

  # Name.
  name = K



  # Contact.
  email = Email
`,
    after: `object A
  from pega table t key K
  to odoo m

  # Identity.

  # Name.
  name = K

  # Contact.
  email = Email
`,
  },
  {
    name: 'comment-only file',
    before: '# just a note   \r\n\r\n\r\n# and another\r\n',
    after: '# just a note\n\n# and another\n',
  },
  { name: 'empty file', before: '', after: '' },
];

describe('formatSpec', () => {
  it.each(cases)('formats $name', ({ before, after }) => {
    expect(format(before)).toBe(after);
  });

  it.each(cases)('keeps the AST of $name', ({ before }) => {
    const formatted = format(before);
    expect(withoutSpans(parseSpec('x.pmap', formatted).spec)).toEqual(withoutSpans(parseSpec('x.pmap', before).spec));
  });

  it.each(cases)('is idempotent on $name', ({ before }) => {
    const once = format(before);
    expect(format(once)).toBe(once);
  });

  it('finds the repository specs', () => {
    const names = repositorySpecFiles().map((path) => relative(repositoryRoot, path));
    expect(names).toEqual(expect.arrayContaining(['examples/demo/specs/company.pmap', 'examples/demo/specs/work-object.pmap']));
  });

  // Some repository specs are syntax-error fixtures: the formatter must leave those alone.
  it.each(repositorySpecFiles().map((path) => [relative(repositoryRoot, path), path] as const))('formats %s idempotently or not at all', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    const parsed = parseSpec('x.pmap', text);
    const result = formatSpec('x.pmap', text);
    if (parsed.diagnostics.length > 0) {
      expect(result.text).toBeUndefined();
      expect(result.diagnostics).toEqual(parsed.diagnostics);
      return;
    }

    const once = result.text!;
    expect(format(once)).toBe(once);
    expect(withoutSpans(parseSpec('x.pmap', once).spec)).toEqual(withoutSpans(parsed.spec));
  });

  it('leaves a file with syntax errors unformatted', () => {
    const result = formatSpec('bad.pmap', 'object A from pega table t key K to odoo m\n  name = trim(\n');
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain('PM102');
  });
});

describe('printExpression', () => {
  function parseExpression(source: string): Expression {
    const { spec, diagnostics } = parseSpec('e.pmap', `object A from pega table t key K to odoo m\n  x = ${source}\n`);
    expect(diagnostics).toEqual([]);
    return (spec.declarations[0] as ObjectDeclaration).assignments[0]!.value;
  }

  const expressions: Array<[string, string]> = [
    ['not not x', 'not not x'],
    ['not (if a then b else c)', 'not if a then b else c'],
    ['(not (if a then b else c)) or d', 'not (if a then b else c) or d'],
    ['(x == (if a then b else c)) and d', 'x == (if a then b else c) and d'],
    ['(if a then b else c) is not null', '(if a then b else c) is not null'],
    ['x or (if a then b else c)', 'x or if a then b else c'],
    ['(x or if a then b else c) and d', '(x or if a then b else c) and d'],
    ['f((a or b), c == d, n: (if a then b else c))', 'f(a or b, c == d, n: if a then b else c)'],
    ['if (if a then b else c) then d else e', 'if if a then b else c then d else e'],
    ['case when (a and b) then (if a then b else c) else (x or y) end', 'case when a and b then if a then b else c else x or y end'],
    ['(a and b) or (c and d)', 'a and b or c and d'],
    ['a and (b and c)', 'a and (b and c)'],
  ];

  it.each(expressions)('prints %s as %s', (source, printed) => {
    expect(printExpression(parseExpression(source))).toBe(printed);
  });

  it.each(expressions)('reads %s back as the same tree', (source) => {
    const expression = parseExpression(source);
    expect(withoutSpans(parseExpression(printExpression(expression)))).toEqual(withoutSpans(expression));
  });
});
