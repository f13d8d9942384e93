/** Describes Pega assignment routing and its Odoo counterpart. */

import type { FlowShape } from '../inventory/inventory-types.js';

/** Describes where Pega routes an assignment, for example `work queue ServiceReview@ACME (ToWorkbasket)`. */
export function routingText(shape: FlowShape): string {
  const router = shape.router ?? 'default router';
  switch (shape.router) {
    case 'ToWorkbasket': return `work queue ${shape.routeTo ?? '(unnamed)'} (${router})`;
    case 'ToSkilledWorkbasket': return `work queue ${shape.routeTo ?? '(unnamed)'} for skill ${shape.skill ?? '(unnamed)'} (${router})`;
    case 'ToWorklist': return `worklist of ${shape.routeTo ?? 'an operator'} (${router})`;
    case 'ToCurrentOperator': return `the operator who works on the case (${router})`;
    case 'ToWorkgroupManager': return `the manager of the work group (${router})`;
    case undefined: return 'the operator who works on the case (no router set)';
    default: return `${shape.routeTo ? `${shape.routeTo} by ` : ''}router activity ${router}`;
  }
}

/** Describes the Odoo server action that routes the record as Pega routed the assignment. */
export function odooRoutingText(shape: FlowShape): string {
  switch (shape.router) {
    case 'ToWorkbasket': return `set the team (team_id) to a sales or helpdesk team replacing work queue ${shape.routeTo ?? ''}`.trimEnd();
    case 'ToSkilledWorkbasket': return `Odoo has no skill routing: create one team per skill (${shape.skill ?? 'the skill'}) and set team_id to it, with assignment rules on the team members (crm.team.member domain)`;
    case 'ToWorklist': return `set the salesperson (user_id) from ${shape.routeTo ?? 'the operator'}`;
    case 'ToCurrentOperator': case undefined: return 'keep the current user (user_id); no action needed';
    case 'ToWorkgroupManager': return "set the salesperson (user_id) to the team leader (team_id.user_id)";
    default: return `server action "Execute code" that does what router activity ${shape.router} did`;
  }
}
