/**
 * The rule inventory: what `pmap discover pega` finds about the rules that
 * cannot move as data (case types, SLAs, decision strategies, flows, report
 * definitions), one YAML file per kind in the project's `inventory/` folder.
 * Each rule appears once; rules refer to each other by name (a step names
 * its flow, an assignment its SLA), and `pmap docs` joins them.
 * `inventory.schema.json` is the JSON Schema of these files.
 */

/**
 * Source of a rule's details: `application-export` when its instance XML was
 * in the archive. `rules-table` when only the key columns of the `pr4_*`
 * tables were found, because the body is an opaque BLOB there, so only the
 * name, class, label and rule set are known.
 */
export type RuleOrigin = 'application-export' | 'rules-table';

/** Key properties every inventoried rule has. */
export interface RuleIdentity {
  /** Rule name, for example `ReviewFlow`; for a case type its purpose, `pyDefault`. */
  readonly name: string;
  /** Applies-to class, for example `ACME-CS-Work-Service`. */
  readonly className: string;
  readonly label?: string;
  readonly ruleSet?: string;
  readonly ruleSetVersion?: string;
  readonly origin: RuleOrigin;
}

/** One step (Pega `Embed-StageProcess`): a process that runs in a stage. */
export interface CaseStep {
  readonly label: string;
  readonly flow: string;
  /** `sequential` steps run one after another; a `parallel` step starts with the one before it. */
  readonly start: 'sequential' | 'parallel';
  readonly startWhen?: string;
  readonly skipWhen?: string;
  readonly sla?: string;
}

export interface CaseStage {
  /** `PRIM0`, `PRIM1` … for primary stages, `ALT1` … for alternate stages. */
  readonly id: string;
  readonly name: string;
  readonly kind: 'primary' | 'alternate';
  readonly initial?: boolean;
  readonly terminal?: boolean;
  /** How the case leaves the stage. */
  readonly transition?: 'automatic' | 'manual' | 'resolution';
  /** Work status (`pyStatusWork`) set when the stage starts. */
  readonly workStatus?: string;
  readonly sla?: string;
  readonly skipWhen?: string;
  readonly steps: readonly CaseStep[];
}

export interface CaseType extends RuleIdentity {
  readonly description?: string;
  /** SLA of the whole case (`pyOverallSLA`). */
  readonly sla?: string;
  readonly stages: readonly CaseStage[];
}

/** A goal, deadline or late interval. */
export interface SlaInterval {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  /** Days count working days of the SLA's calendar. */
  readonly businessDays?: boolean;
}

export type SlaEvent = 'goal' | 'deadline' | 'late';

/** What Pega does when an SLA event passes. */
export interface SlaEscalation {
  readonly event: SlaEvent;
  /** Urgency added to the assignment (`pxUrgencyAssign`) when the event passes. */
  readonly urgencyIncrement?: number;
  /** Pega's action, for example `NotifyManager`, `Transfer`, `AdvanceFlow`. */
  readonly action: string;
  /** Work queue, party, flow or connector the action names. */
  readonly target?: string;
}

export interface ServiceLevel extends RuleIdentity {
  /** `assignment-start`, or `property` with the property in `timeProperty`. */
  readonly calculateFrom?: 'assignment-start' | 'property';
  readonly timeProperty?: string;
  readonly initialUrgency?: number;
  readonly calendar?: string;
  readonly goal?: SlaInterval;
  readonly deadline?: SlaInterval;
  /** Interval between repeated late events after the deadline. */
  readonly late?: SlaInterval;
  readonly maxLateEvents?: number;
  readonly escalations: readonly SlaEscalation[];
}

/** One component (shape) of a decision strategy. */
export interface StrategyComponent {
  readonly id: string;
  /** Pega's shape type, for example `Filter`, `Scorecard`, `Prioritize`. */
  readonly type: string;
  readonly label: string;
  readonly rule?: string;
  readonly ruleType?: string;
  /** Share of the component in the strategy's score. */
  readonly weight?: number;
  readonly expression?: string;
  readonly maxResults?: number;
}

export interface DecisionStrategy extends RuleIdentity {
  readonly context: {
    readonly caseType?: string;
    readonly channel?: string;
    readonly segment?: string;
  };
  readonly components: readonly StrategyComponent[];
}

export type FlowShapeType = 'start' | 'assignment' | 'decision' | 'subprocess' | 'utility' | 'wait' | 'end' | 'other';

export interface FlowShape {
  readonly id: string;
  readonly type: FlowShapeType;
  readonly label: string;
  /** Router activity of an assignment, for example `ToWorkbasket`. */
  readonly router?: string;
  /** Work queue, operator or property the router routes to. */
  readonly routeTo?: string;
  /** Skill a skilled work queue requires. */
  readonly skill?: string;
  readonly sla?: string;
  /** Flow a subprocess shape calls. */
  readonly flow?: string;
  /** Decision, activity or other rule the shape runs. */
  readonly rule?: string;
}

export interface FlowConnector {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** When condition, as written in Pega. */
  readonly condition?: string;
  /** Likelihood in percent, used by Pega to forecast the path. */
  readonly likelihood?: number;
}

export interface Flow extends RuleIdentity {
  readonly flowType?: string;
  readonly sla?: string;
  readonly shapes: readonly FlowShape[];
  readonly connectors: readonly FlowConnector[];
}

export interface ReportColumn {
  /** Property reference, for example `.pyStatusWork` or `Customer.CountryCode` (a joined class's prefix). */
  readonly property: string;
  readonly label?: string;
  readonly dataType?: string;
  readonly summary?: 'count' | 'sum' | 'average' | 'min' | 'max' | 'count-distinct';
  readonly sort?: 'ascending' | 'descending';
  readonly sortOrder?: number;
}

export interface ReportFilter {
  readonly property: string;
  readonly operator: string;
  readonly value?: string;
  /** Letter the filter logic uses, for example `A`. */
  readonly label?: string;
}

export interface ReportDataSource {
  readonly className: string;
  /** `primary` for the report's own class, else the join type. */
  readonly join: 'primary' | 'inner' | 'left' | 'right';
  /** Prefix of the joined class's properties. */
  readonly prefix?: string;
}

export interface Report extends RuleIdentity {
  readonly title?: string;
  readonly dataSources: readonly ReportDataSource[];
  readonly columns: readonly ReportColumn[];
  readonly filters: readonly ReportFilter[];
  readonly filterLogic?: string;
  /** Columns without a summary function in a summarized report. */
  readonly groupings: readonly string[];
  /** Pega chart type, for example `Bar` or `Pie`; absent for a list report. */
  readonly chartType?: string;
  readonly maxRecords?: number;
}

/** The five inventory files, as read or written. */
export interface RuleInventory {
  readonly caseTypes: readonly CaseType[];
  readonly serviceLevels: readonly ServiceLevel[];
  readonly decisionStrategies: readonly DecisionStrategy[];
  readonly flows: readonly Flow[];
  readonly reports: readonly Report[];
}

/** File name and list key of each inventory file. */
export const INVENTORY_FILES = [
  { kind: 'caseTypes', file: 'case-types.yaml' },
  { kind: 'serviceLevels', file: 'sla.yaml' },
  { kind: 'decisionStrategies', file: 'decision-strategies.yaml' },
  { kind: 'flows', file: 'flows.yaml' },
  { kind: 'reports', file: 'reports.yaml' },
] as const satisfies ReadonlyArray<{ kind: keyof RuleInventory; file: string }>;
