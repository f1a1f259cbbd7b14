// Runs one execution of a real ASL file with aws-local-stepfunctions, for Cutover's Java side (AslRunner).
//
//   node --import ./polyfill.mjs driver.mjs <spec.json>
//
// spec: { definitionPath, substitutions: {Name: value}, input, executionName, stateMachineName,
//         lambdaUrl, waitMillis?, retryMillis?, startAt?, validate? }
//
// Every Task whose Resource is arn:aws:states:::lambda:invoke[.waitForTaskToken] is answered by POSTing its
// Payload to <lambdaUrl>/invoke/<FunctionName>; Java answers like the Lambda Invoke API (X-Amz-Function-Error
// and {errorType, errorMessage} on failure), and the error's name becomes the Java exception's class name, as
// in AWS. For .waitForTaskToken the task then waits for SendTaskSuccess / SendTaskFailure posted to this
// driver's callback server. Output: one JSON object per line on stdout (DriverReady, the engine's events,
// then ExecutionResult).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

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

// All Task states, including those inside Parallel branches and Map processors (names are unique in ASL).
function collectTasks(states, found = {}) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') {
      if (state.TimeoutSeconds) state.TimeoutSeconds = capTimeout(state.TimeoutSeconds);
      if (state.Parameters) state.Parameters = inlineStateName(state.Parameters, name);
      if (state.TimeoutSecondsPath) {
        state.Parameters = { ...(state.Parameters ?? {}), [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
        state.TimeoutSecondsPath = `$.${TIMEOUT_FIELD}`;
      }
      found[name] = state;
    }
    for (const branch of state.Branches ?? []) collectTasks(branch.States, found);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) collectTasks(processor.States, found);
  }
  return found;
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

async function main() {
  const definition = JSON.parse(substitute(readFileSync(spec.definitionPath, 'utf8'), spec.substitutions ?? {}));
  if (spec.startAt) definition.StartAt = spec.startAt;
  if (definition.TimeoutSeconds) definition.TimeoutSeconds = capTimeout(definition.TimeoutSeconds);
  const tasks = collectTasks(definition.States);

  const overrides = { taskResourceLocalHandlers: {}, waitTimeOverrides: {}, retryIntervalOverrides: {} };
  for (const [name, state] of Object.entries(tasks)) {
    if (state.Resource === LAMBDA_INVOKE) {
      overrides.taskResourceLocalHandlers[name] = async (input) => ({
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
        Payload: await invokeJava(input.FunctionName, input.Payload),
      });
    } else if (state.Resource === LAMBDA_CALLBACK) {
      overrides.taskResourceLocalHandlers[name] = async (input) => {
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
        return waiter.promise.finally(() => clearTimeout(timer));
      };
    } else {
      throw new Error(`state "${name}": only Lambda tasks run locally (Resource ${state.Resource})`);
    }
    if (spec.retryMillis !== undefined && spec.retryMillis !== null) {
      overrides.retryIntervalOverrides[name] = spec.retryMillis;
    }
  }
  if (spec.waitMillis !== undefined && spec.waitMillis !== null) {
    const addWaits = (states) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Wait') overrides.waitTimeOverrides[name] = spec.waitMillis;
        if (state.Retry && spec.retryMillis !== undefined && spec.retryMillis !== null) overrides.retryIntervalOverrides[name] = spec.retryMillis;
        for (const branch of state.Branches ?? []) addWaits(branch.States);
        const processor = state.ItemProcessor ?? state.Iterator;
        if (processor) addWaits(processor.States);
      }
    };
    addWaits(definition.States);
  }

  const server = await startCallbackServer();
  emit({ type: 'DriverReady', callbackUrl: `http://127.0.0.1:${server.address().port}` });

  const stateMachineName = spec.stateMachineName ?? 'local';
  const context = {
    Execution: {
      Id: `arn:aws:states:local:000000000000:execution:${stateMachineName}:${spec.executionName}`,
      Name: spec.executionName,
      Input: spec.input,
      StartTime: new Date().toISOString(),
    },
    StateMachine: { Id: `arn:aws:states:local:000000000000:stateMachine:${stateMachineName}`, Name: stateMachineName },
    // A fresh token each time a state reads $$.Task.Token, as in AWS.
    Task: { get Token() { return `tok-${randomUUID()}`; } },
  };

  // A redrive starts at a later state: the states before it are unreachable from there, which the engine's
  // validator refuses. The definition itself is validated by AslFilesTest and a normal start. The caller may also
  // skip validation (validate: false) when it runs a file that is validated elsewhere many times.
  const skip = spec.startAt || spec.validate === false;
  const machine = new StateMachine(definition, { validationOptions: skip ? { noValidate: true } : { checkArn: false } });
  const execution = machine.run(spec.input, { overrides, context });
  const logging = (async () => {
    for await (const event of execution.eventLogs) {
      emit(event);
    }
  })();
  let result;
  try {
    result = { type: 'ExecutionResult', status: 'SUCCEEDED', output: await execution.result };
  } catch (e) {
    const status = e.constructor?.name === 'ExecutionTimeoutError' ? 'TIMED_OUT'
      : e.constructor?.name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED';
    const cause = e.cause ?? e;
    result = { type: 'ExecutionResult', status, error: cause.name, cause: cause.message };
  }
  await logging.catch(() => {});
  emit(result);
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
