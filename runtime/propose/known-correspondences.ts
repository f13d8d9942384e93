/**
 * Pega properties whose Odoo counterpart is known, by the Pega property
 * name or by the words of a customer table's column name. Each entry names
 * the field it feeds, the way it is written, and the confidence of the
 * correspondence on its own. Value shapes and the other side's schema can
 * still rule it out.
 */
export type Correspondence =
  /** A scalar copy with the conversion the types need (see type-conversion.ts). */
  | 'copy'
  /** Free text into an html notes field. */
  | 'notes'
  /** A value map built from the values discovery saw. */
  | 'value-map'
  /** `owner(Column)`: a Pega operator id into a res.users field. */
  | 'owner'
  /** `ref(<contact object>, Column)`: the case's customer. */
  | 'customer'
  /** A `custom field x_pega_created: datetime`, because Odoo sets create_date itself. */
  | 'created';

export interface KnownCorrespondence {
  /** Matches the Pega property name. */
  readonly property: RegExp;
  /** Odoo field by model. */
  readonly fields: Readonly<Record<string, string>>;
  readonly how: Correspondence;
  readonly confidence: number;
  readonly reason: string;
}

const lead = (field: string) => ({ 'crm.lead': field });
const both = (partnerField: string, leadField: string) => ({ 'res.partner': partnerField, 'crm.lead': leadField });

export const knownCorrespondences: readonly KnownCorrespondence[] = [
  { property: /^pyLabel$/, fields: lead('name'), how: 'copy', confidence: 0.95, reason: 'pyLabel is the case label Pega shows in work lists, and name is the opportunity title' },
  { property: /^pyDescription$/, fields: lead('description'), how: 'notes', confidence: 0.9, reason: 'pyDescription is the case description, and description holds the opportunity notes' },
  { property: /^pyStatusWork$/, fields: lead('stage_id'), how: 'value-map', confidence: 0.85, reason: 'pyStatusWork is the case status, and Odoo shows progress as the stage' },
  { property: /^pxUrgencyWork$/, fields: lead('priority'), how: 'value-map', confidence: 0.8, reason: 'pxUrgencyWork is the Pega urgency (0-100), and priority is Odoo\'s star rating' },
  { property: /^pxCreateOperator$/, fields: both('user_id', 'user_id'), how: 'owner', confidence: 0.85, reason: 'pxCreateOperator is the operator who created the case, the usual salesperson' },
  { property: /^(pyAssignedOperator|pyAssignedUserID|pxAssignedOperatorID|pyOwner)$/, fields: both('user_id', 'user_id'), how: 'owner', confidence: 0.8, reason: 'the property holds the operator the record is assigned to' },
  { property: /^pyResolvedUserID$/, fields: lead('user_id'), how: 'owner', confidence: 0.5, reason: 'pyResolvedUserID is the operator who resolved the case' },
  { property: /^(px|py)?CreateDateTime$/, fields: both('x_pega_created', 'x_pega_created'), how: 'created', confidence: 0.7, reason: 'Odoo sets create_date itself, so the Pega creation time needs a field of its own' },
  { property: /^(py)?(Customer|CustomerID|CustomerId|ContactID|pyCustomer)$/, fields: lead('partner_id'), how: 'customer', confidence: 0.75, reason: 'the case names its customer, and partner_id is the opportunity\'s customer' },
  { property: /^(py)?E?[Mm]ail(Address)?\d*$|^pyEmail\d*$/, fields: both('email', 'email_from'), how: 'copy', confidence: 0.9, reason: 'the property holds an e-mail address' },
  { property: /^(py)?(Phone|PhoneNumber|Telephone|WorkPhone|HomePhone)\d*$/, fields: both('phone', 'phone'), how: 'copy', confidence: 0.85, reason: 'the property holds a phone number' },
  { property: /^(py)?(Mobile|MobilePhone|CellPhone|Cell)\d*$/, fields: both('mobile', 'mobile'), how: 'copy', confidence: 0.85, reason: 'the property holds a mobile number' },
  { property: /^(Notes|Note|Comment|Comments|Description|Memo)$/, fields: both('comment', 'description'), how: 'notes', confidence: 0.75, reason: 'free-text notes go to the record\'s notes' },
  { property: /^(AddressLine1|Street|StreetAddress|Address1)$/, fields: both('street', 'street'), how: 'copy', confidence: 0.85, reason: 'the first address line is the street' },
  { property: /^(AddressLine2|Street2|Address2)$/, fields: both('street2', 'street2'), how: 'copy', confidence: 0.85, reason: 'the second address line is street2' },
  { property: /^(Zip|ZipCode|PostalCode|PostCode|Postcode)$/, fields: both('zip', 'zip'), how: 'copy', confidence: 0.85, reason: 'the property holds the postal code' },
  { property: /^(py)?(Website|WebSite|URL|Url|HomePage)$/, fields: both('website', 'website'), how: 'copy', confidence: 0.85, reason: 'the property holds the web address' },
  { property: /^(Status|CustomerStatus|ContactStatus)$/, fields: { 'res.partner': 'active' }, how: 'value-map', confidence: 0.6, reason: 'an inactive customer becomes an archived partner' },
];

/**
 * Columns that record how Pega stored a row rather than facts about the
 * customer or the case. Drafts leave them out, with this reason.
 */
export const bookkeepingColumns: Readonly<Record<string, string>> = {
  pzInsKey: 'the Pega instance handle; the external id keeps the business key',
  pxObjClass: 'the Pega class of the row',
  pxInsName: 'the Pega instance name, a copy of the key',
  pzPVStream: 'the BLOB of the case; pmap reads exposed columns only',
  pxSaveDateTime: 'Pega bookkeeping; Odoo keeps its own write_date',
  pxCommitDateTime: 'Pega bookkeeping; pmap apply --delta reads it, the record does not need it',
  pxUpdateDateTime: 'Odoo keeps its own write_date',
  UpdateDateTime: 'Odoo keeps its own write_date',
  pxUpdateOperator: 'the last operator to save the record; Odoo keeps its own write_uid',
  pxUpdateOpName: 'the name of the last operator to save the record',
  pxCreateOpName: 'the name of the creating operator; owner(pxCreateOperator) links the user',
  pxCreateSystemID: 'the Pega node that created the record',
  pxUpdateSystemID: 'the Pega node that last saved the record',
  pxCoverInsKey: 'the parent case handle; crm.lead has no parent opportunity',
  pyHasAttachments: 'attachments move separately, not as a flag',
  pyReopenCount: 'Pega bookkeeping',
};
