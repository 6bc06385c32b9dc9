// The columns of the query result credaudit's SQL returns (every engine, one schema), and what each
// row kind means. The generator (generate.ts) writes them; the reader
// (input/query-result-reader.ts) reads them back into root events and coverage. Lower case, because
// Athena and CloudTrail Lake print column names that way.
//
// Two kinds of rows, told apart by `credaudit_row`:
// - `event`: one CloudTrail record whose userIdentity.type is Root, or a caller's sts:AssumeRoot call,
//   with the fields the CT rules read (service noise is not filtered in SQL: the engine decides it, as
//   it does for raw files). Copies delivered twice stay two rows; the engine removes them.
// - `coverage`: per account, region and UTC day, the first and last event time and the number of
//   events of any identity. A gap between events longer than a day always runs from one bucket's last
//   event to a later bucket's first, so holes of more than 24 hours are seen exactly.

export const ROW_KIND_COLUMN = 'credaudit_row';

export const ROW_KIND = { event: 'event', coverage: 'coverage' } as const;

/** Result columns in output order; `what` documents each (README / FORMATS). */
export const RESULT_COLUMNS = [
  { name: ROW_KIND_COLUMN, what: '`event` or `coverage`' },
  { name: 'eventid', what: 'eventID' },
  { name: 'eventtime', what: 'eventTime' },
  { name: 'eventname', what: 'eventName' },
  { name: 'eventsource', what: 'eventSource' },
  { name: 'eventtype', what: 'eventType' },
  { name: 'awsregion', what: 'awsRegion (coverage rows: the region of the bucket)' },
  { name: 'sourceipaddress', what: 'sourceIPAddress' },
  { name: 'useragent', what: 'userAgent' },
  { name: 'errorcode', what: 'errorCode' },
  { name: 'errormessage', what: 'errorMessage' },
  { name: 'recipientaccountid', what: 'recipientAccountId (coverage rows: the account, recipientAccountId else userIdentity.accountId)' },
  { name: 'useridentity_type', what: 'userIdentity.type' },
  { name: 'useridentity_accountid', what: 'userIdentity.accountId' },
  { name: 'useridentity_arn', what: 'userIdentity.arn (the AssumeRoot caller)' },
  { name: 'useridentity_accesskeyid', what: 'userIdentity.accessKeyId' },
  { name: 'useridentity_invokedby', what: 'userIdentity.invokedBy' },
  { name: 'mfaauthenticated', what: 'userIdentity.sessionContext.attributes.mfaAuthenticated' },
  { name: 'assumedroot', what: 'userIdentity.sessionContext.assumedRoot' },
  { name: 'mfaused', what: 'additionalEventData.MFAUsed' },
  { name: 'consolelogin', what: 'responseElements.ConsoleLogin' },
  { name: 'username', what: 'requestParameters.userName' },
  { name: 'targetprincipal', what: 'requestParameters.targetPrincipal (AssumeRoot)' },
  { name: 'taskpolicyarn', what: 'requestParameters.taskPolicyArn.arn (AssumeRoot)' },
  { name: 'first_event', what: 'coverage rows: earliest eventTime in the bucket' },
  { name: 'last_event', what: 'coverage rows: latest eventTime in the bucket' },
  { name: 'event_count', what: 'coverage rows: events of any identity in the bucket' },
] as const;

export type ResultColumn = (typeof RESULT_COLUMNS)[number]['name'];
