/**
 * Fields whose value Odoo's own create and write logic overwrites when the
 * same call sets certain other fields. pmap writes them in a separate, later
 * write (the second pass that also writes a company's parent), so the
 * migrated value survives.
 *
 * - crm.lead.date_closed: a create or write with a won stage, a probability
 *   of 100 or `active = false` sets it to the current time.
 * - crm.lead.date_open: a create or write of `user_id` sets it to the
 *   current time.
 */
const WRITTEN_LATE: Readonly<Record<string, readonly string[]>> = {
  'crm.lead': ['date_closed', 'date_open'],
};

/** True when Odoo overwrites `model.field` in the call that creates the record, so pmap must write it afterwards. */
export function isWrittenLate(model: string, field: string): boolean {
  return WRITTEN_LATE[model]?.includes(field) ?? false;
}
