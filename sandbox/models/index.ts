// The models an Odoo 16 sandbox serves.

import { crmLead } from './crm-lead.js';
import { crmStage } from './crm-stage.js';
import { crmTeam } from './crm-team.js';
import { irModel } from './ir-model.js';
import { irModelData } from './ir-model-data.js';
import type { ModelBehaviour } from './model-behaviour.js';
import { resCompany } from './res-company.js';
import { resCountry } from './res-country.js';
import { resPartner } from './res-partner.js';
import { resUsers } from './res-users.js';

export const ODOO16_BEHAVIOURS: readonly ModelBehaviour[] = [
  resPartner,
  resUsers,
  resCompany,
  resCountry,
  crmLead,
  crmStage,
  crmTeam,
  irModel,
  irModelData,
];
