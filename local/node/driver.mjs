// Runs one execution of a real ASL file with aws-local-stepfunctions, for Cutover's Java side (AslRunner).
//
//   node --import ./polyfill.mjs driver.mjs <spec.json>
//
// spec: { definitionPath, substitutions: {Name: value}, input, executionName, stateMachineName,
//         lambdaUrl, waitMillis?, retryMillis?, startAt?, validate?, eventDetails?,
//         children?: { <state machine ARN>: { definitionPath, substitutions, stateMachineName } } }
//
// Every Task whose Resource is arn:aws:states:::lambda:invoke[.waitForTaskToken] is answered by POSTing its
// Payload to <lambdaUrl>/invoke/<FunctionName>; Java answers like the Lambda Invoke API (X-Amz-Function-Error
// and {errorType, errorMessage} on failure), and the error's name becomes the Java exception's class name, as
// in AWS. For .waitForTaskToken the task then waits for SendTaskSuccess / SendTaskFailure posted to this
// driver's callback server. A Task whose Resource is arn:aws:states:::states:startExecution.sync:2 runs the child
// state machine the spec names for that ARN, in this process, as a child execution with its own history.
//
// The Step Functions quotas the interpreter ignores are enforced here (quotas.mjs): 25,000 history events per
// execution (each child has its own) and 256 KiB per state or task input and output.
//
// Output: one JSON object per line on stdout (DriverReady, the engines' events with `historyEvents` (the count of
// the execution they belong to) and, for a child's events, `execution` (the child's name), then ExecutionResult).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  HISTORY_LIMIT, PAYLOAD_LIMIT, HISTORY_LIMIT_CAUSE, enteredEvents, exitedEvents, failedEvents, retriedEvents,
  utf8Bytes, lambdaConnectorBytes, dataLimitCause,
} from './quotas.mjs';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const START_EXECUTION_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

function substitute(text, substitutions) {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name) => {
    if (!(name in substitutions)) {
      throw new Error(`DefinitionSubstitutions has no value for \${${name}}`);
    }
    return substitutions[name];
  });
}

// The engine does not know $$.State.Name; a Task's Parameters that ask for it get the state's own name.
function inlineStateName(template, stateName) {
  if (Array.isArray(template)) return template.map((v) => inlineStateName(v, stateName));
  if (template === null || typeof template !== 'object') return template;
  const out = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && value === '$$.State.Name') {
      out[key.slice(0, -2)] = stateName;
    } else {
      out[key] = inlineStateName(value, stateName);
    }
  }
  return out;
}

// The engine resolves TimeoutSecondsPath against the task's Parameters output, AWS against the state input.
// Copy the path into a hidden Parameters field (evaluated against the state input, as in AWS) and point
// TimeoutSecondsPath at it; the Lambda override never forwards that field.
const TIMEOUT_FIELD = '__cutoverTimeoutSeconds';

// Node's timers hold at most 2^31-1 ms (24.8 days); a longer one fires after 1 ms, so the engine would time out a
// task (or the whole execution) at once. Longer timeouts are capped there: a local run never lasts that long.
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const capTimeout = (seconds) => (seconds > MAX_TIMER_SECONDS ? MAX_TIMER_SECONDS : seconds);

// Every state by name, including those inside Parallel branches and Map processors (names are unique in ASL);
// Tasks are prepared for the engine on the way. `inside[name]` lists the Task names inside a Parallel or Map.
function collectStates(states, found = { states: {}, tasks: {}, inside: {} }, enclosing = []) {
  for (const [name, state] of Object.entries(states)) {
    found.states[name] = state;
    if (state.Type === 'Task') {
      if (state.TimeoutSeconds) state.TimeoutSeconds = capTimeout(state.TimeoutSeconds);
      if (state.Parameters) state.Parameters = inlineStateName(state.Parameters, name);
      if (state.TimeoutSecondsPath) {
        state.Parameters = { ...(state.Parameters ?? {}), [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
        state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
      }
      found.tasks[name] = state;
      for (const outer of enclosing) found.inside[outer].add(name);
    }
    if (state.Type === 'Map' && state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
      // The engine would run it inline, adding the iterations to this history where AWS gives each its own.
      throw new Error(`state "${name}": a Distributed Map does not run locally (use a child execution)`);
    }
    if (state.Type === 'Parallel' || state.Type === 'Map') {
      found.inside[name] = new Set();
      for (const branch of state.Branches ?? []) collectStates(branch.States, found, [...enclosing, name]);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) collectStates(processor.States, found, [...enclosing, name]);
    }
  }
  return found;
}

function prepare(definitionPath, substitutions, startAt) {
  const definition = JSON.parse(substitute(readFileSync(definitionPath, 'utf8'), substitutions ?? {}));
  if (startAt) definition.StartAt = startAt;
  if (definition.TimeoutSeconds) definition.TimeoutSeconds = capTimeout(definition.TimeoutSeconds);
  return { definition, ...collectStates(definition.States) };
}

async function invokeJava(functionName, payload) {
  const response = await fetch(`${spec.lambdaUrl}/invoke/${encodeURIComponent(functionName)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload ?? {}),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw Object.assign(new Error(text), { name: 'Lambda.ServiceException' });
  }
  const body = text.length ? JSON.parse(text) : null;
  if (response.headers.get('x-amz-function-error')) {
    // As in AWS: Error = errorType (the exception's class name), Cause = the error document as a string.
    throw Object.assign(new Error(JSON.stringify(body)), { name: body.errorType });
  }
  return body;
}

const pending = new Map();
// Tokens of callback tasks that timed out: as in AWS, a late SendTask* gets TaskTimedOut.
const timedOut = new Set();

function startCallbackServer() {
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => {
      const reply = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let request;
      try {
        request = JSON.parse(data || '{}');
      } catch (e) {
        return reply(400, { __type: 'InvalidRequest', message: 'body is not JSON' });
      }
      const waiter = pending.get(request.taskToken);
      if (!waiter) {
        if (timedOut.has(request.taskToken)) {
          return reply(400, { __type: 'TaskTimedOut', message: 'Task Timed Out' });
        }
        return reply(400, { __type: 'TaskDoesNotExist', message: 'Task does not exist anymore' });
      }
      if (req.url === '/SendTaskHeartbeat') {
        return reply(200, {});
      }
      pending.delete(request.taskToken);
      if (req.url === '/SendTaskSuccess') {
        let output;
        try {
          output = JSON.parse(request.output);
        } catch (e) {
          pending.set(request.taskToken, waiter);
          return reply(400, { __type: 'InvalidOutput', message: 'output is not JSON' });
        }
        waiter.resolve(output);
        return reply(200, {});
      }
      if (req.url === '/SendTaskFailure') {
        waiter.reject(Object.assign(new Error(request.cause ?? ''), { name: request.error ?? '' }));
        return reply(200, {});
      }
      pending.set(request.taskToken, waiter);
      return reply(404, { __type: 'UnknownOperation', message: req.url });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// One execution (the root, or a child started by startExecution.sync:2): its history count, and the terminal error
// (a quota) that ended it, if one did.
class Execution {
  constructor(name, stateMachineName, prepared, parentState) {
    this.name = name;
    this.stateMachineName = stateMachineName;
    this.prepared = prepared;
    this.parentState = parentState;
    this.count = 0;
    this.terminal = null;
    this.status = 'RUNNING';
    this.abort = () => {};
    this.caught = new Set();
    this.results = {};
    this.children = new Set();
  }

  get arn() {
    return `arn:aws:states:local:000000000000:execution:${this.stateMachineName}:${this.name}`;
  }

  // Ends the execution on a quota, as the service does: no Catch runs (States.Runtime and States.DataLimitExceeded
  // are not caught by States.ALL), the remaining states do not run.
  fail(error, cause) {
    if (!this.terminal) {
      this.terminal = { error, cause };
      this.abort();
    }
    return Object.assign(new Error(cause), { name: error, isCatchable: false, isRetryable: false });
  }

  // Adds `n` history events that are not ExecutionSucceeded: at 24,999 events the next one must be ExecutionSucceeded.
  add(n) {
    if (this.terminal) return;
    if (this.count + n >= HISTORY_LIMIT) {
      this.count = HISTORY_LIMIT;
      this.fail('States.Runtime', HISTORY_LIMIT_CAUSE);
      return;
    }
    this.count += n;
  }

  checkSize(value, what) {
    const bytes = utf8Bytes(value);
    if (bytes > PAYLOAD_LIMIT) this.fail('States.DataLimitExceeded', dataLimitCause(what, bytes));
  }

  // Counts one engine event in this execution's history and measures the payloads it carries.
  account(event) {
    const state = event.state ? this.prepared.states[event.state.name] ?? { Type: event.state.type } : null;
    switch (event.type) {
      case 'ExecutionStarted':
        this.add(1);
        this.checkSize(event.input, 'the execution input');
        break;
      case 'ExecutionSucceeded':
        if (!this.terminal) this.count += 1; // event 25,000 may be ExecutionSucceeded
        this.checkSize(event.output, 'the execution output');
        break;
      case 'ExecutionFailed':
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        if (!this.terminal) this.count += 1;
        break;
      case 'StateEntered':
        this.add(enteredEvents(state));
        this.checkSize(event.state.input, `the input of state "${event.state.name}"`);
        if (state.Type === 'Map' || state.Type === 'Parallel') this.results[event.state.name] = 2; // "[]"
        break;
      case 'StateExited': {
        const name = event.state.name;
        this.add(exitedEvents(state, this.caught.delete(name)));
        this.checkSize(event.state.output, `the output of state "${name}"`);
        if (name in this.results) {
          const bytes = this.results[name];
          delete this.results[name];
          if (bytes > PAYLOAD_LIMIT) this.fail('States.DataLimitExceeded', dataLimitCause(`the result of ${state.Type} state "${name}"`, bytes));
        }
        this.stopChildrenInside(name);
        break;
      }
      case 'StateFailed':
        this.add(failedEvents(state));
        this.stopChildrenInside(event.state.name);
        if (event.Error === 'States.Runtime' || event.Error === 'States.DataLimitExceeded') {
          // The engine already treats States.Runtime as uncaught; make sure nothing after it runs.
          this.fail(event.Error, event.Cause);
        }
        break;
      case 'StateRetried':
        this.add(retriedEvents(state));
        break;
      case 'StateCaught':
        this.caught.add(event.state.name);
        break;
      case 'MapIterationStarted':
        this.add(1);
        break;
      case 'MapIterationSucceeded':
      case 'ParallelBranchSucceeded':
        if (event.type === 'MapIterationSucceeded') this.add(1);
        if (event.parentState?.name in this.results) this.results[event.parentState.name] += utf8Bytes(event.output) + 1;
        break;
      case 'MapIterationFailed':
        this.add(1);
        break;
      default:
        break; // ParallelBranchStarted / Failed: no such event in the service's history
    }
  }

  // A Parallel or Map that ends stops the child executions its tasks started (Step Functions stops a .sync child
  // when its task is aborted).
  stopChildrenInside(stateName) {
    const inside = this.prepared.inside[stateName];
    if (!inside) return;
    for (const child of this.children) {
      if (inside.has(child.parentState)) child.stop();
    }
  }

  stop() {
    if (this.status === 'RUNNING') {
      this.status = 'ABORTED';
      this.abort();
    }
    for (const child of this.children) child.stop();
  }
}

const executions = [];

// Without the states' inputs and outputs (spec.eventDetails false): a long execution's events then stay small.
function withoutDetails(event) {
  const { input, output, state, ...rest } = event;
  return state ? { ...rest, state: { name: state.name, type: state.type } } : rest;
}

function contextFor(execution, input) {
  return {
    Execution: { Id: execution.arn, Name: execution.name, Input: input, StartTime: new Date().toISOString() },
    StateMachine: {
      Id: `arn:aws:states:local:000000000000:stateMachine:${execution.stateMachineName}`,
      Name: execution.stateMachineName,
    },
    // A fresh token each time a state reads $$.Task.Token, as in AWS.
    Task: { get Token() { return `tok-${randomUUID()}`; } },
  };
}

function lambdaTask(execution, name, state, callback) {
  return async (input) => {
    if (execution.terminal) return new Promise(() => {}); // the execution has ended: nothing else runs
    execution.checkSize(input, `the parameters of task "${name}"`);
    if (execution.terminal) throw execution.fail(execution.terminal.error, execution.terminal.cause);
    if (!callback) {
      const payload = await invokeJava(input.FunctionName, input.Payload);
      const result = { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: payload };
      const bytes = lambdaConnectorBytes(result);
      if (bytes > PAYLOAD_LIMIT) throw execution.fail('States.DataLimitExceeded', dataLimitCause(`the result of task "${name}"`, bytes));
      return result;
    }
    const token = input.Payload?.taskToken;
    if (!token) {
      throw Object.assign(new Error(`${name}: the Payload must carry "taskToken.$": "$$.Task.Token"`), { name: 'States.Runtime' });
    }
    const waiter = Promise.withResolvers();
    // A decision can arrive while invokeJava below is still waiting for its answer (a fast approver on a loaded
    // machine): rejected before anything awaits it, the promise would be an unhandled rejection and end Node.
    // This handler only marks it handled; the engine still gets the rejection from the promise returned below.
    waiter.promise.catch(() => {});
    pending.set(token, waiter);
    const timeoutSeconds = input[TIMEOUT_FIELD] ?? state.TimeoutSeconds ?? 60;
    const timer = setTimeout(() => {
      if (pending.delete(token)) timedOut.add(token);
    }, timeoutSeconds * 1000);
    timer.unref();
    try {
      await invokeJava(input.FunctionName, input.Payload);
    } catch (e) {
      pending.delete(token);
      clearTimeout(timer);
      throw e;
    }
    const output = await waiter.promise.finally(() => clearTimeout(timer));
    execution.checkSize(output, `the result of task "${name}"`);
    if (execution.terminal) throw execution.fail(execution.terminal.error, execution.terminal.cause);
    return output;
  };
}

// arn:aws:states:::states:startExecution.sync:2 — the child runs here; the task's result is the child's
// DescribeExecution, with Output as JSON (the :2 form). A child that does not succeed fails the task with
// States.TaskFailed and the DescribeExecution as the cause (the error name the service reports for a failed child is
// not documented on the integration page; Cutover's ASL catches States.ALL and never matches on it).
function childTask(execution, name) {
  return async (input) => {
    if (execution.terminal) return new Promise(() => {});
    execution.checkSize(input, `the parameters of task "${name}"`);
    const child = spec.children?.[input.StateMachineArn];
    if (!child) {
      throw Object.assign(new Error(`State Machine Does Not Exist: '${input.StateMachineArn}' (no child state machine bound locally)`),
        { name: 'StepFunctions.StateMachineDoesNotExistException' });
    }
    const childName = input.Name ?? randomUUID();
    const started = Date.now();
    const { status, output, error, cause, run } = await runExecution(
      prepare(child.definitionPath, child.substitutions), input.Input ?? {}, childName, child.stateMachineName, name, execution);
    const describe = {
      ExecutionArn: run.arn,
      Input: JSON.stringify(input.Input ?? {}),
      InputDetails: { Included: true },
      Name: childName,
      StartDate: started,
      StateMachineArn: input.StateMachineArn,
      Status: status,
      StopDate: Date.now(),
    };
    if (status !== 'SUCCEEDED') {
      if (status === 'ABORTED') return new Promise(() => {}); // stopped with its parent's branch: nobody waits for it
      throw Object.assign(new Error(JSON.stringify({ ...describe, Error: error, Cause: cause })), { name: 'States.TaskFailed' });
    }
    const result = { ...describe, Output: output, OutputDetails: { Included: true } };
    const bytes = utf8Bytes(result);
    if (bytes > PAYLOAD_LIMIT) throw execution.fail('States.DataLimitExceeded', dataLimitCause(`the result of task "${name}"`, bytes));
    return result;
  };
}

function overridesFor(execution) {
  const overrides = { taskResourceLocalHandlers: {}, waitTimeOverrides: {}, retryIntervalOverrides: {} };
  for (const [name, state] of Object.entries(execution.prepared.tasks)) {
    if (state.Resource === LAMBDA_INVOKE || state.Resource === LAMBDA_CALLBACK) {
      overrides.taskResourceLocalHandlers[name] = lambdaTask(execution, name, state, state.Resource === LAMBDA_CALLBACK);
    } else if (state.Resource === START_EXECUTION_SYNC) {
      overrides.taskResourceLocalHandlers[name] = childTask(execution, name);
    } else {
      throw new Error(`state "${name}": only Lambda tasks and child executions run locally (Resource ${state.Resource})`);
    }
  }
  const hasValue = (v) => v !== undefined && v !== null;
  for (const [name, state] of Object.entries(execution.prepared.states)) {
    if (state.Type === 'Wait' && hasValue(spec.waitMillis)) overrides.waitTimeOverrides[name] = spec.waitMillis;
    if (state.Retry && hasValue(spec.retryMillis)) overrides.retryIntervalOverrides[name] = spec.retryMillis;
  }
  return overrides;
}

// Runs one execution to its end: counts its history, forwards its events, enforces the quotas.
async function runExecution(prepared, input, name, stateMachineName, parentState, parent) {
  const execution = new Execution(name, stateMachineName, prepared, parentState);
  executions.push(execution);
  parent?.children.add(execution);
  // A redrive starts at a later state: the states before it are unreachable from there, which the engine's
  // validator refuses. The definition itself is validated by AslFilesTest and a normal start. The caller may also
  // skip validation (validate: false) when it runs a file that is validated elsewhere many times.
  const skip = (!parent && spec.startAt) || spec.validate === false;
  const machine = new StateMachine(prepared.definition, { validationOptions: skip ? { noValidate: true } : { checkArn: false } });
  const run = machine.run(input, { overrides: overridesFor(execution), context: contextFor(execution, input) });
  execution.abort = run.abort;
  const logging = (async () => {
    for await (const event of run.eventLogs) {
      if (execution.terminal && event.type !== 'ExecutionAborted') continue; // the history ended at the quota
      execution.account(event);
      let out = event;
      if (event.type === 'ExecutionAborted' && execution.terminal) {
        if (execution.count < HISTORY_LIMIT) execution.count += 1; // ExecutionFailed
        out = { type: 'ExecutionFailed', timestamp: event.timestamp, Error: execution.terminal.error, Cause: execution.terminal.cause };
      }
      if (spec.eventDetails === false) out = withoutDetails(out);
      emit({ ...out, historyEvents: execution.count, ...(parent ? { execution: name, parentState } : {}) });
    }
  })();
  let result;
  try {
    result = { status: 'SUCCEEDED', output: await run.result };
  } catch (e) {
    const status = e.constructor?.name === 'ExecutionTimeoutError' ? 'TIMED_OUT'
      : e.constructor?.name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED';
    const cause = e.cause ?? e;
    result = { status, error: cause.name, cause: cause.message };
  }
  await logging.catch(() => {});
  if (execution.terminal) {
    result = { status: 'FAILED', error: execution.terminal.error, cause: execution.terminal.cause };
  } else if (execution.status === 'ABORTED') {
    result = { status: 'ABORTED', error: 'States.Aborted', cause: 'stopped with the state that started it' };
  }
  execution.status = result.status;
  for (const child of execution.children) child.stop();
  return { ...result, run: execution };
}

async function main() {
  const root = prepare(spec.definitionPath, spec.substitutions, spec.startAt);
  const server = await startCallbackServer();
  emit({ type: 'DriverReady', callbackUrl: `http://127.0.0.1:${server.address().port}` });
  const stateMachineName = spec.stateMachineName ?? 'local';
  const { status, output, error, cause, run } = await runExecution(root, spec.input, spec.executionName, stateMachineName, null, null);
  emit({
    type: 'ExecutionResult', status, output, error, cause, historyEvents: run.count,
    executions: executions.filter((e) => e !== run).map((e) => ({
      name: e.name, stateMachine: e.stateMachineName, parentState: e.parentState, status: e.status, historyEvents: e.count,
    })),
  });
  server.close();
  exitAfterOutput(0);
}

// A write to a full pipe is queued, and process.exit() drops what is queued: the last lines would arrive cut off
// (seen with large executions on a busy machine). The callback of an empty write runs once everything before it
// is written.
function exitAfterOutput(code) {
  process.stdout.write('', () => process.exit(code));
}

main().catch((e) => {
  emit({ type: 'DriverError', error: e.name, message: e.message, stack: e.stack });
  exitAfterOutput(2);
});
