/** Converts an exported `Rule-Obj-CaseType` instance into a case type of the inventory. */

import type { CaseStage, CaseStep, CaseType } from './inventory-types.js';
import { identityOf, withoutUndefined } from './rule-identity.js';
import { flagOf, pageListOf, textOf, type RulePage } from './rule-page-xml.js';

const TRANSITIONS = new Set(['automatic', 'manual', 'resolution']);

function stepOf(process: RulePage): CaseStep {
  const flow = textOf(process, 'pyFlowName') ?? '';
  return withoutUndefined({
    label: textOf(process, 'pyLabel') ?? flow,
    flow,
    start: textOf(process, 'pyStartType')?.toUpperCase() === 'PARALLEL' ? ('parallel' as const) : ('sequential' as const),
    startWhen: textOf(process, 'pyStartWhen'),
    skipWhen: textOf(process, 'pyWhenToSkip'),
    sla: textOf(process, 'pyStepSLA'),
  });
}

function stageOf(stage: RulePage, kind: CaseStage['kind']): CaseStage {
  const transition = textOf(stage, 'pyStageTransition')?.toLowerCase();
  return withoutUndefined({
    id: textOf(stage, 'pyStageID') ?? '',
    name: textOf(stage, 'pyStageName') ?? textOf(stage, 'pyStageID') ?? '',
    kind,
    initial: flagOf(stage, 'pyIsInitializationStage') || undefined,
    terminal: flagOf(stage, 'pyIsTerminalStage') || undefined,
    transition: transition !== undefined && TRANSITIONS.has(transition) ? (transition as CaseStage['transition']) : undefined,
    workStatus: textOf(stage, 'pyStageWorkStatus'),
    sla: textOf(stage, 'pyStageSLA'),
    skipWhen: textOf(stage, 'pySkipStageWhen'),
    steps: pageListOf(stage, 'pyProcesses').map(stepOf),
  });
}

export function caseTypeOf(page: RulePage): CaseType {
  return withoutUndefined({
    ...identityOf(page, 'Rule-Obj-CaseType'),
    description: textOf(page, 'pyDescription'),
    sla: textOf(page, 'pyOverallSLA'),
    stages: [
      ...pageListOf(page, 'pyStages').map((stage) => stageOf(stage, 'primary')),
      ...pageListOf(page, 'pyAlternateStages').map((stage) => stageOf(stage, 'alternate')),
    ],
  });
}
