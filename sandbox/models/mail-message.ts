// mail.message (mail): chatter messages, created directly with `model`,
// `res_id`, `body`, `message_type` and a past `date`, which is kept.
//
// Left out: notifications and followers, `message_id` generation, reply-to
// computation, HTML sanitizing of `body`, and the access rules for posting.

import type { Env } from '../orm/environment.js';
import { targetDisplayName } from '../orm/record-values.js';
import type { ModelBehaviour } from './model-behaviour.js';

export const mailMessage: ModelBehaviour = {
  name: 'mail.message',
  description: 'Message',
  order: 'id desc',
  recName: 'record_name',
  defaults: {
    message_type: () => 'email',
    date: (env) => env.now,
    author_id: (env) => callerPartnerId(env),
    is_internal: () => false,
  },
  onDelete: { parent_id: 'cascade' },
  displayName(_env, row) {
    const subject = typeof row.subject === 'string' && row.subject !== '' ? row.subject : undefined;
    return subject ?? (typeof row.record_name === 'string' ? row.record_name : `mail.message,${row.id}`);
  },
  prepareCreate(env, row, given) {
    // Like Odoo 16's create, the sender address comes from the author.
    if (!given.has('email_from')) row.email_from = authorAddress(env, row.author_id);
    const hasRecord = typeof row.model === 'string' && typeof row.res_id === 'number' && row.res_id !== 0;
    if (!row.record_name && hasRecord && env.registry.has(row.model as string)) {
      row.record_name = targetDisplayName(env, row.model as string, row.res_id as number);
    }
  },
};

function callerPartnerId(env: Env): number | null {
  const partnerId = env.store.get('res.users', env.uid)?.partner_id;
  return typeof partnerId === 'number' ? partnerId : null;
}

/** Formats the author as Odoo's formataddr does: `"Name" <email>`, or False without an email. */
function authorAddress(env: Env, authorId: unknown): string | null {
  const author = typeof authorId === 'number' ? env.store.get('res.partner', authorId) : undefined;
  if (typeof author?.email !== 'string' || author.email === '') return null;
  const name = typeof author.name === 'string' ? author.name.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : '';
  return `"${name}" <${author.email}>`;
}
