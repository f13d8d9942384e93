/**
 * Rewrites a value the way Odoo rewrites it on save, for fields where Odoo
 * stores something other than what it was sent. Comparing the stored form
 * keeps a re-run from writing such fields again every time.
 *
 * - res.partner `website`: Odoo 16 (`_clean_website` in
 *   odoo/addons/base/models/res_partner.py) prefixes `http://` when the URL
 *   has no scheme.
 */
export function odooStoredForm(model: string, field: string, value: string): string {
  if (model === 'res.partner' && field === 'website') return cleanWebsite(value);
  return value;
}

function cleanWebsite(website: string): string {
  if (website === '' || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(website)) return website;
  return `http://${website.replace(/^\/\//, '')}`;
}
