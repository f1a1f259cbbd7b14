// The Step Functions quotas the local runner enforces, so that a state machine that passes locally does not fail in
// AWS on a limit the interpreter (aws-local-stepfunctions) ignores. Where the service's exact behaviour is not
// documented, the count errs on the high side: a stand-in must be at least as strict as the service.
//
// History: a Standard execution keeps at most 25,000 events; when it has 24,999, event 25,000 must be
// ExecutionSucceeded, otherwise ExecutionFailed is logged as event 25,000 and the execution fails
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, "Maximum execution history size";
// https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html). The failure is reported as
// States.Runtime, "The execution reached the maximum number of history events (25000)." (the wording executions
// report, e.g. https://github.com/loads/ardere/issues/86; the error name is not in the documentation).
//
// Which events a state adds: the event types are those of the GetExecutionHistory API's HistoryEvent
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html); how many of them one
// state adds is not documented per state type. Counted here (HISTORY_EVENTS below, mirrored in Java by
// io.cutover.local.asl.HistoryModel, which the history budget uses):
//   execution     ExecutionStarted, then ExecutionSucceeded / ExecutionFailed / ExecutionAborted
//   Task          TaskStateEntered, TaskScheduled, TaskStarted, [TaskSubmitted for .waitForTaskToken and .sync],
//                 TaskSucceeded, TaskStateExited; a failed attempt TaskFailed (or TaskTimedOut); a retry TaskScheduled,
//                 TaskStarted [, TaskSubmitted]; a caught failure still counts TaskStateExited (high side)
//   Choice, Pass, Wait, Succeed   …StateEntered, …StateExited
//   Fail          FailStateEntered (the execution's or branch's failure follows)
//   Parallel      ParallelStateEntered, ParallelStateStarted, ParallelStateSucceeded / Failed, ParallelStateExited;
//                 its branches' states are in the same history (no per-branch event type exists); when it fails,
//                 one …StateAborted per other branch (high side)
//   Map (inline)  MapStateEntered, MapStateStarted, MapStateSucceeded / Failed, MapStateExited, and per iteration
//                 MapIterationStarted and MapIterationSucceeded / Failed; the iterations' states are in the parent's
//                 history ("Step Functions adds the execution history of these iterations to the parent workflow's
//                 execution history": https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html);
//                 when it fails, one MapIterationAborted and one …StateAborted per iteration that may be running
//   a child execution (arn:aws:states:::states:startExecution.sync:2) has its own history and its own 25,000 events
//                 (https://docs.aws.amazon.com/step-functions/latest/dg/bp-history-limit.html); the parent's Task
//                 counts as any .sync task.
//
// Payload: 256 KiB (262,144 bytes of UTF-8) for the input or output of a task, a state or an execution
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, "Maximum input or output size");
// States.DataLimitExceeded when a connector's output, a state's output or a state's input after Parameters is
// larger, "a terminal error that can't be caught by the States.ALL error type"
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). Measured here: every
// state's input (entering) and output (exiting), a task's parameters and its connector output, a Map's or
// Parallel's result array before ResultPath, the execution's input and output. A lambda:invoke connector output
// also carries SdkHttpMetadata and SdkResponseMetadata that the local runner does not build: counted as 1 KiB.

export const HISTORY_LIMIT = 25_000;
export const PAYLOAD_LIMIT = 262_144;
export const HISTORY_LIMIT_CAUSE = 'The execution reached the maximum number of history events (25000).';
const LAMBDA_METADATA_ALLOWANCE = 1_024;

const WAITS_FOR_COMPLETION = /\.(waitForTaskToken|sync(:2)?)$/;

// Events one state adds, by what happens to it (see the table above).
export function enteredEvents(state) {
  switch (state.Type) {
    case 'Task':
      return WAITS_FOR_COMPLETION.test(state.Resource ?? '') ? 4 : 3;
    case 'Parallel':
    case 'Map':
      return 2;
    default:
      return 1;
  }
}

export function exitedEvents(state, afterCatch) {
  switch (state.Type) {
    case 'Task':
      return afterCatch ? 1 : 2;
    case 'Parallel':
    case 'Map':
      return afterCatch ? 1 : 2;
    case 'Fail':
      return 0;
    default:
      return 1;
  }
}

export function failedEvents(state) {
  switch (state.Type) {
    case 'Task':
      return 1;
    case 'Parallel':
      return 1 + Math.max(0, (state.Branches?.length ?? 1) - 1);
    case 'Map':
      return 1 + 2 * Math.max(1, state.MaxConcurrency || 40);
    default:
      return 0;
  }
}

export function retriedEvents(state) {
  return state.Type === 'Task' ? (WAITS_FOR_COMPLETION.test(state.Resource ?? '') ? 3 : 2) : 1;
}

export function utf8Bytes(value) {
  if (value === undefined) return 0;
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

export function lambdaConnectorBytes(result) {
  return utf8Bytes(result) + LAMBDA_METADATA_ALLOWANCE;
}

export function dataLimitCause(what, bytes) {
  return `${what} is ${bytes} bytes, more than the ${PAYLOAD_LIMIT}-byte (256 KiB) limit of Step Functions`;
}
