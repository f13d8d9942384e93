/**
 * Pega property names, by the lower-case column name PostgreSQL stores.
 * Pega names exposed columns after their properties, and PostgreSQL folds
 * unquoted names to lower case, so discovery restores the spelling from this
 * list: Pega's standard work, assignment, history, attachment, operator,
 * Interaction History and rule properties, and the Customer Service data
 * model's customer, account and address fields. A column not listed keeps its
 * database name.
 */

const STANDARD_PROPERTIES: readonly string[] = [
  // Columns of every Pega table, and the work object's standard exposed properties.
  'pzInsKey', 'pxObjClass', 'pxCreateDateTime', 'pyLabel', 'pzPVStream', 'pxInsName', 'pyID', 'pyStatusWork',
  'pyDescription', 'pxUpdateDateTime', 'pxSaveDateTime', 'pxCommitDateTime', 'pxCreateOperator', 'pxUpdateOperator',
  'pxCreateOpName', 'pxUpdateOpName', 'pxCreateSystemID', 'pxUpdateSystemID', 'pxUrgencyWork', 'pxUrgencyWorkClass',
  'pxCoverInsKey', 'pxCoveredCount', 'pxCoveredCountOpen', 'pyResolvedUserID', 'pyResolvedTimestamp', 'pyReopenCount',
  'pyReopenTimestamp', 'pyOrigUserID', 'pyOrigOrg', 'pyOrigDivision', 'pyOrigOrgUnit', 'pyOrigUserWorkgroup', 'pyOwnerOrg',
  'pyOwnerDivision', 'pyOwnerOrgUnit', 'pyResolvedOrg', 'pyResolvedDivision', 'pyResolvedUserWorkgroup',
  'pyStatusWorkTimestamp', 'pyStatusWorkOld', 'pxCurrentStage', 'pxCurrentStageLabel', 'pyWorkIDPrefix', 'pyFlowKey',
  'pxUpdateCounter', 'pyElapsedStatusNew', 'pyElapsedStatusOpen', 'pyElapsedStatusPending', 'pyHasAttachments',
  'pyAllowSubscription', 'pyRuleSetName',
  // Assignments.
  'pxRefObjectKey', 'pxRefObjectInsName', 'pxRefObjectClass', 'pxAssignedOperatorID', 'pxAssignedUserName',
  'pxUrgencyAssign', 'pxFlowName', 'pxTaskName', 'pxTaskLabel', 'pyAssignmentStatus', 'pyInstructions', 'pxGoalTime',
  'pxDeadlineTime', 'pyErrorMessage',
  // History.
  'pxHistoryForReference', 'pxTimeCreated', 'pyPerformer', 'pyMessageKey', 'pyMemo', 'pyHistoryType', 'pyFlowName',
  'pyTaskName', 'pyFlowAction',
  // Attachments and links.
  'pxLinkedRefFrom', 'pxLinkedRefTo', 'pxLinkedClassFrom', 'pxLinkedClassTo', 'pyCategory', 'pxAttachName',
  'pxAttachKey', 'pxAttachedBy', 'pyAttachStream', 'pyNote', 'pyURL',
  // Operators and data instances.
  'pyUserIdentifier', 'pyUserName', 'pyFirstName', 'pyLastName', 'pyEmailAddress', 'pyAccessGroup', 'pyWorkGroup',
  'pyOrganization', 'pyDivision', 'pyUnit', 'pyAvailable', 'pyUserDisabled', 'pyLastReservedID', 'pyClassName',
  'pyValue', 'pyExtractName', 'pyLastUpdateTime', 'pxExtractDateTime', 'pxRunIdentifier',
  // Interaction History facts, dimensions and associations.
  'pxFactID', 'pxInteractionID', 'pySubjectID', 'pySubjectType', 'pxOutcomeTime', 'pxDecisionTime', 'pzActionID',
  'pzChannelID', 'pzCustomerID', 'pzOutcomeID', 'pzOperatorID', 'pzContextID', 'pzApplicationID', 'pzLocationID',
  'pxRank', 'pxPriority', 'pyPropensity', 'pyWeight', 'pyExternalID', 'pyGroupID', 'pyLatitude', 'pyLongitude',
  'pyFulfilled', 'pyTargetBudget', 'pyMaxBudget', 'pyPartitionKey', 'pzID', 'pyIssue', 'pyGroup', 'pyName', 'pyChannel',
  'pyDirection', 'pyTreatment', 'pyOutcome', 'pyBehaviour', 'pyResponse', 'pyCustomerSegment', 'pyCustomerSubSegment',
  'pyOperator', 'pyReason', 'pyApplication', 'pyInteraction', 'pyStrategy', 'pyComponent', 'pyApplicationVersion',
  'pyStage', 'pyStep', 'pyJourney', 'pyAssociatedID', 'pyAssociationStrength',
  // Rules.
  'pyRuleName', 'pyRuleSet', 'pyRuleSetVersion', 'pyPropertyName', 'pyPropertyMode', 'pyStringType',
];

const CUSTOMER_PROPERTIES: readonly string[] = [
  // Contacts, organizations, addresses and their relations.
  'ContactID', 'CustomerID', 'FirstName', 'LastName', 'Email', 'Phone', 'PhoneNumber', 'OrganizationID', 'CountryCode',
  'Country', 'BirthDate', 'PreferredLanguage', 'Language', 'Status', 'IsVIP', 'CustomerValue', 'Notes',
  'CreateDateTime', 'UpdateDateTime', 'Name', 'Website', 'City', 'State', 'StateCode', 'ZipCode', 'Industry',
  'AnnualRevenue', 'Description', 'ParentOrganizationID', 'AddressID', 'OwnerID', 'OwnerType', 'AddressType', 'Address', 'AddressLine1',
  'AddressLine2', 'IsPrimary', 'RoleName', 'RoleDescription', 'StartDate', 'EndDate', 'SocialSecurityNumber',
  // The CRM cross-reference (spine) table.
  'CRMEntityID', 'ExternalID', 'ExternalSystem',
  // Accounts.
  'AccountNumber', 'AccountType', 'AccountOwner', 'AccountOpenDate', 'AccountCloseDate', 'AccountBalance',
  'AvailableBalance', 'MinimumDue', 'AccountTenure', 'Active',
  // Loyalty, reference data and service-case fields of the generated test database.
  'LoyaltyID', 'Tier', 'Points', 'EnrolledDate', 'DialCode', 'CurrencyCode', 'IsActive', 'ProductCode', 'Category',
  'ListPrice', 'ServiceCategory', 'RequestDate', 'RefundAmount', 'IsPendingClose', 'Channel', 'Direction', 'Reason',
  'CallDuration', 'LastServiceCase', 'WorkID', 'ContactPreference', 'ChannelGroup', 'ChannelSubGroup',
];

const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map(
  [...STANDARD_PROPERTIES, ...CUSTOMER_PROPERTIES].map((property) => [property.toLowerCase(), property]),
);

/**
 * Returns the Pega property name of a column: the known spelling of a
 * lower-case name, or the column name itself (a quoted mixed-case column
 * already has its property's spelling).
 */
export function pegaPropertyName(columnName: string): string {
  if (columnName !== columnName.toLowerCase()) {
    return columnName;
  }
  return BY_LOWER_CASE.get(columnName) ?? columnName;
}
