import { edit } from './demo-specs.js';

/** A change to the demo specs, as edits of a copy of their text, and the diff it must produce. */
export interface DemoChange {
  readonly name: string;
  /** Edits made to both sides first, when the case needs more than the demo has. */
  readonly base?: (texts: Map<string, string>) => void;
  readonly change: (texts: Map<string, string>) => void;
  /** The expected `pmap diff` output from the demo to the changed copy, labelled old and new. */
  readonly text: string;
  readonly markdown: string;
}

export const demoChanges: DemoChange[] = [
  {
    name: 'field expression changed',
    change: (texts) => edit(texts, 'contact.pmap', 'email      = lower(trim(Email))', 'email      = email(Email)'),
    text: `Semantic changes from old to new: objects: 1 changed

object Contact: changed
  ~ field email
      - lower(trim(Email))
      + email(Email)
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Contact\` (changed)

| field | change | old | new |
| --- | --- | --- | --- |
| \`email\` | changed | \`lower(trim(Email))\` | \`email(Email)\` |
`,
  },
  {
    name: 'fields added and removed',
    change: (texts) => {
      edit(texts, 'contact.pmap', '  phone      = trim(Phone)\n', '');
      edit(texts, 'contact.pmap', '  is_company = false\n', '  is_company = false\n  mobile = phone(Mobile, region: "US")\n');
    },
    text: `Semantic changes from old to new: objects: 1 changed

object Contact: changed
  + field mobile = phone(Mobile, region: "US")
  - field phone = trim(Phone)
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Contact\` (changed)

| field | change | old | new |
| --- | --- | --- | --- |
| \`mobile\` | added |  | \`phone(Mobile, region: "US")\` |
| \`phone\` | removed | \`trim(Phone)\` |  |
`,
  },
  {
    name: 'value map entries',
    change: (texts) => {
      edit(texts, 'work-object.pmap', '"Open"               => "Qualified"', '"Open" => "Proposition"');
      edit(texts, 'work-object.pmap', '  "Pending-External"   => "Proposition"\n', '  "Resolved-Rejected|Lost" => "Lost"\n');
      edit(texts, 'work-object.pmap', 'else                 => "New"', 'else => error');
    },
    text: `Semantic changes from old to new: value maps: 1 changed

values CaseStage: changed
  ~ "Open"
      - "Qualified"
      + "Proposition"
  + "Resolved-Rejected|Lost" => "Lost"
  ~ else
      - "New"
      + error
  - "Pending-External" => "Proposition"
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Value maps: 1 changed.

### Value map \`CaseStage\` (changed)

| Pega value | change | old | new |
| --- | --- | --- | --- |
| \`"Open"\` | changed | \`"Qualified"\` | \`"Proposition"\` |
| \`"Resolved-Rejected\\|Lost"\` | added |  | \`"Lost"\` |
| \`else\` | changed | \`"New"\` | \`error\` |
| \`"Pending-External"\` | removed | \`"Proposition"\` |  |
`,
  },
  {
    name: 'value map targets',
    change: (texts) => edit(texts, 'work-object.pmap', 'values Urgency {', 'values Urgency -> crm.tag {'),
    text: `Semantic changes from old to new: value maps: 1 changed

values Urgency: changed
  ~ targets
      - literal values
      + records of crm.tag
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Value maps: 1 changed.

### Value map \`Urgency\` (changed)

- changed \`targets\`: \`literal values\` → \`records of crm.tag\`
`,
  },
  {
    name: 'options, custom fields, dedupe rules and validators added',
    change: (texts) => edit(texts, 'company.pmap', '  city       = trim(City)\n', `  city       = trim(City)
  batch 50
  custom field x_pega_org_id: char "Pega ID"
  dedupe by lower(Email) keep first
  require email or phone
  check name length 1..64
`),
    text: `Semantic changes from old to new: objects: 1 changed

object Company: changed
  + batch 50
  + custom field x_pega_org_id: char "Pega ID"
  + dedupe by lower(Email) keep first
  + require email or phone
  + check name length 1..64
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Company\` (changed)

- added \`batch 50\`
- added \`custom field x_pega_org_id: char "Pega ID"\`
- added \`dedupe by lower(Email) keep first\`
- added \`require email or phone\`
- added \`check name length 1..64\`
`,
  },
  {
    name: 'options, custom fields, dedupe rules and validators changed',
    base: (texts) => edit(texts, 'company.pmap', '  city       = trim(City)\n', `  city       = trim(City)
  batch 50
  mode create-only
  custom field x_pega_org_id: char "Pega ID"
  dedupe by lower(Email) keep first
  require email or phone
  check name length 1..64
  check email is email
`),
    change: (texts) => {
      edit(texts, 'company.pmap', 'batch 50', 'batch 200');
      edit(texts, 'company.pmap', '  mode create-only\n', '');
      edit(texts, 'company.pmap', 'char "Pega ID"', 'char "Pega organization ID"');
      edit(texts, 'company.pmap', 'keep first', 'keep latest pxUpdateDateTime');
      edit(texts, 'company.pmap', 'length 1..64', 'length 1..128');
      edit(texts, 'company.pmap', 'require email or phone', 'require email or phone or website');
    },
    text: `Semantic changes from old to new: objects: 1 changed

object Company: changed
  ~ batch
      - 50
      + 200
  - mode create-only
  ~ custom field x_pega_org_id
      - char "Pega ID"
      + char "Pega organization ID"
  ~ dedupe by lower(Email)
      - keep first
      + keep latest pxUpdateDateTime
  + require email or phone or website
  ~ check name length
      - 1..64
      + 1..128
  - require email or phone
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Company\` (changed)

- changed \`batch\`: \`50\` → \`200\`
- removed \`mode create-only\`
- changed \`custom field x_pega_org_id\`: \`char "Pega ID"\` → \`char "Pega organization ID"\`
- changed \`dedupe by lower(Email)\`: \`keep first\` → \`keep latest pxUpdateDateTime\`
- added \`require email or phone or website\`
- changed \`check name length\`: \`1..64\` → \`1..128\`
- removed \`require email or phone\`
`,
  },
  {
    name: 'join added and changed',
    base: (texts) => edit(texts, 'contact.pmap', '  to odoo res.partner\n', '  to odoo res.partner\n  with pega table customerdata.address as Home on ContactID = Home.ContactID\n'),
    change: (texts) => {
      edit(texts, 'contact.pmap', 'on ContactID = Home.ContactID', 'on AddressID = Home.AddressID');
      edit(texts, 'contact.pmap', '  to odoo res.partner\n', '  to odoo res.partner\n  with pega table customerdata.address as Work on WorkAddressID = Work.AddressID\n');
    },
    text: `Semantic changes from old to new: objects: 1 changed

object Contact: changed
  + join Work: pega table customerdata.address on WorkAddressID = Work.AddressID
  ~ join Home
      - pega table customerdata.address on ContactID = Home.ContactID
      + pega table customerdata.address on AddressID = Home.AddressID
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Contact\` (changed)

- added \`join Work: pega table customerdata.address on WorkAddressID = Work.AddressID\`
- changed \`join Home\`: \`pega table customerdata.address on ContactID = Home.ContactID\` → \`pega table customerdata.address on AddressID = Home.AddressID\`
`,
  },
  {
    name: 'where filter changed',
    base: (texts) => edit(texts, 'contact.pmap', '  to odoo res.partner\n', '  to odoo res.partner\n  where Email is not null\n'),
    change: (texts) => edit(texts, 'contact.pmap', '  where Email is not null\n', '  where Email is not null and Status != "Deleted"\n'),
    text: `Semantic changes from old to new: objects: 1 changed

object Contact: changed
  + where Email is not null and Status != "Deleted"
  - where Email is not null
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Contact\` (changed)

- added \`where Email is not null and Status != "Deleted"\`
- removed \`where Email is not null\`
`,
  },
  {
    name: 'object added with a ref',
    change: (texts) => {
      texts.set('region.pmap', 'object Region\n  from pega table customerdata.region key RegionID\n  to odoo res.country.state\n\n  name = trim(Name)\n');
      edit(texts, 'contact.pmap', '  phone      = trim(Phone)\n', '  phone      = trim(Phone)\n  state_id   = ref(Region, RegionID)\n');
    },
    text: `Semantic changes from old to new: objects: 1 added, 1 changed; load order changed

object Contact: changed
  + field state_id = ref(Region, RegionID)

object Region: added (pega table customerdata.region key RegionID -> odoo res.country.state)
  + field name = trim(Name)

load order: changed
  + Region: level 1
  ~ Contact
      - level 2 after Company
      + level 2 after Company, Region
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 added, 1 changed; load order changed.

### Object \`Contact\` (changed)

| field | change | old | new |
| --- | --- | --- | --- |
| \`state_id\` | added |  | \`ref(Region, RegionID)\` |

### Object \`Region\` (added)

\`pega table customerdata.region key RegionID -> odoo res.country.state\`

| field | change | old | new |
| --- | --- | --- | --- |
| \`name\` | added |  | \`trim(Name)\` |

### Load order (changed)

| object | change | old | new |
| --- | --- | --- | --- |
| \`Region\` | added |  | level 1 |
| \`Contact\` | changed | level 2 after Company | level 2 after Company, Region |
`,
  },
  {
    name: 'object removed',
    change: (texts) => texts.delete('company.pmap'),
    text: `Semantic changes from old to new: objects: 1 removed; load order changed

object Company: removed (pega table customerdata.organization key OrganizationID -> odoo res.partner)

load order: changed
  ~ Contact
      - level 2 after Company
      + level 1
  ~ WorkObject
      - level 3 after Contact
      + level 2 after Contact
  - Company: level 1
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 removed; load order changed.

### Object \`Company\` (removed)

\`pega table customerdata.organization key OrganizationID -> odoo res.partner\`

### Load order (changed)

| object | change | old | new |
| --- | --- | --- | --- |
| \`Contact\` | changed | level 2 after Company | level 1 |
| \`WorkObject\` | changed | level 3 after Contact | level 2 after Contact |
| \`Company\` | removed | level 1 |  |
`,
  },
  {
    name: 'source and target changed',
    change: (texts) => {
      edit(texts, 'contact.pmap', 'customerdata.contact key ContactID', 'customerdata.person key PersonID, Version');
      edit(texts, 'contact.pmap', 'to odoo res.partner', 'to odoo res.users');
    },
    text: `Semantic changes from old to new: objects: 1 changed

object Contact: changed
  ~ source
      - pega table customerdata.contact key ContactID
      + pega table customerdata.person key PersonID, Version
  ~ target
      - odoo res.partner
      + odoo res.users
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed.

### Object \`Contact\` (changed)

- changed \`source\`: \`pega table customerdata.contact key ContactID\` → \`pega table customerdata.person key PersonID, Version\`
- changed \`target\`: \`odoo res.partner\` → \`odoo res.users\`
`,
  },
  {
    name: 'dependency cycle',
    change: (texts) => edit(texts, 'company.pmap', '  city       = trim(City)\n', '  city       = trim(City)\n  user_id    = ref(WorkObject, OwnerCase)\n'),
    text: `Semantic changes from old to new: objects: 1 changed; load order changed

object Company: changed
  + field user_id = ref(WorkObject, OwnerCase)

load order: changed
  - Company, Contact, WorkObject
  + none, dependency cycle: Company -> WorkObject -> Contact -> Company
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Objects: 1 changed; load order changed.

### Object \`Company\` (changed)

| field | change | old | new |
| --- | --- | --- | --- |
| \`user_id\` | added |  | \`ref(WorkObject, OwnerCase)\` |

### Load order (changed)

- before: Company, Contact, WorkObject
- after: none, dependency cycle: Company -> WorkObject -> Contact -> Company
`,
  },
  {
    name: 'value map removed and added',
    change: (texts) => {
      edit(texts, 'work-object.pmap', /\n# Pega urgency[^]*?\n}\n/.exec(texts.get('work-object.pmap')!)![0], '\n');
      texts.set('maps.pmap', 'values Country -> res.country {\n  "USA" => "United States"\n}\n');
    },
    text: `Semantic changes from old to new: value maps: 1 added, 1 removed

values Country: added (records of res.country)
  + "USA" => "United States"

values Urgency: removed (literal values)
`,
    markdown: `## Mapping changes from \`old\` to \`new\`

Value maps: 1 added, 1 removed.

### Value map \`Country\` (added)

Targets: records of res.country.

| Pega value | change | old | new |
| --- | --- | --- | --- |
| \`"USA"\` | added |  | \`"United States"\` |

### Value map \`Urgency\` (removed)

Targets: literal values.
`,
  },
];
