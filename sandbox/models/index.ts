// The models a sandbox serves.

import { calendarEvent } from './calendar-event.js';
import { crmLead } from './crm-lead.js';
import { crmLostReason } from './crm-lost-reason.js';
import { crmStage } from './crm-stage.js';
import { crmTag } from './crm-tag.js';
import { crmTeam } from './crm-team.js';
import { irAttachment } from './ir-attachment.js';
import { irModel } from './ir-model.js';
import { irModelData } from './ir-model-data.js';
import { irModelFields } from './ir-model-fields.js';
import { mailActivity } from './mail-activity.js';
import { mailActivityType } from './mail-activity-type.js';
import { mailMessage } from './mail-message.js';
import type { ModelBehaviour } from './model-behaviour.js';
import { projectProject } from './project-project.js';
import { projectTask } from './project-task.js';
import { projectTaskType } from './project-task-type.js';
import { resCompany } from './res-company.js';
import { resCountry } from './res-country.js';
import { resCountryState } from './res-country-state.js';
import { resCurrency } from './res-currency.js';
import { resPartner } from './res-partner.js';
import { resPartnerCategory } from './res-partner-category.js';
import { resUsers } from './res-users.js';

export const ODOO16_BEHAVIOURS: readonly ModelBehaviour[] = [
  resPartner,
  resPartnerCategory,
  resUsers,
  resCompany,
  resCountry,
  resCountryState,
  resCurrency,
  crmLead,
  crmStage,
  crmTag,
  crmTeam,
  crmLostReason,
  mailActivity,
  mailActivityType,
  mailMessage,
  calendarEvent,
  irAttachment,
  irModel,
  irModelData,
  irModelFields,
  projectProject,
  projectTask,
  projectTaskType,
];
