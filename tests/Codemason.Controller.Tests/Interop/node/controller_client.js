// @grpc/grpc-js as a client of the real controller, its types loaded from the .proto files by @grpc/proto-loader.
// Usage: node controller_client.js PROTO_ROOT TARGET TOKEN SCENARIO ENVIRONMENT MASON_JSON
// Prints one JSON object; field names are the ones the Python peer prints too.
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [protoRoot, target, token, scenario, environment, masonJson] = process.argv.slice(2);
const DEADLINE_MS = 20000;

const definition = protoLoader.loadSync(
  ['codemason/v1/apps.proto', 'codemason/v1/environments.proto', 'codemason/v1/watch.proto', 'codemason/v1/logs.proto'],
  { includeDirs: [protoRoot], keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
const v1 = grpc.loadPackageDefinition(definition).codemason.v1;
const credentials = grpc.credentials.createInsecure();
const apps = new v1.AppService(target, credentials);
const environments = new v1.EnvironmentService(target, credentials);
const watches = new v1.WatchService(target, credentials);
const logs = new v1.LogService(target, credentials);

function auth(value) {
  const metadata = new grpc.Metadata();
  if (value !== '') {
    metadata.set('authorization', 'Bearer ' + (value === undefined ? token : value));
  }
  return metadata;
}

const deadline = () => ({ deadline: Date.now() + DEADLINE_MS });
const codeName = code => Object.keys(grpc.status).find(k => grpc.status[k] === code);
const error = e => ({ code: codeName(e.code), details: e.details });

function unary(client, method, request, metadata = auth()) {
  return new Promise((resolve, reject) =>
    client[method](request, metadata, deadline(), (e, response) => (e ? reject(e) : resolve(response))));
}

const applied = r => ({ app: r.app.name, revision: r.app.revision, storeRevision: r.store_revision, changed: r.changed });

function event(e) {
  const value = { type: e.type, storeRevision: e.store_revision, kind: e.object || null };
  if (e.object === 'app') {
    Object.assign(value, { name: e.app.name, revision: e.app.revision });
  } else if (e.object === 'replica') {
    value.name = e.replica.id;
  }
  return value;
}

async function unaryScenario() {
  const created = await unary(environments, 'CreateEnvironment', { name: environment });
  const response = await unary(apps, 'Apply', { environment, mason_json: masonJson });
  const listed = await unary(apps, 'ListApps', { environment });
  return {
    joinTokenIssued: created.join_token.length > 0,
    applied: applied(response),
    listed: { apps: listed.apps.map(a => a.name), storeRevision: listed.store_revision },
  };
}

// Watches from a list's revision, applies once the backlog's bookmark arrived, reads the live changes.
async function watchScenario() {
  await unary(environments, 'CreateEnvironment', { name: environment });
  const start = (await unary(apps, 'ListApps', { environment })).store_revision;
  const call = watches.Watch(
    { environment, kinds: ['RESOURCE_KIND_APP', 'RESOURCE_KIND_REPLICA'], from_revision: start }, auth(), deadline());
  const events = [];
  let response = null;
  let applying = null;
  await new Promise((resolve, reject) => {
    call.on('data', e => {
      events.push(event(e));
      if (applying === null && e.type === 'TYPE_BOOKMARK') {
        applying = unary(apps, 'Apply', { environment, mason_json: masonJson }).then(r => { response = r; }, reject);
      }
      const replicas = events.filter(x => x.kind === 'replica' && x.type === 'TYPE_ADDED');
      const added = events.filter(x => x.kind === 'app' && x.type === 'TYPE_ADDED');
      if (applying !== null && added.length > 0 && replicas.length >= 2) {
        applying.then(() => { call.cancel(); resolve(); });
      }
    });
    call.on('error', e => (e.code === grpc.status.CANCELLED ? resolve() : reject(e)));
    call.on('end', resolve);
  });
  return { fromRevision: start, applied: response ? applied(response) : null, events };
}

function streamLogs(request) {
  return new Promise(resolve => {
    const call = logs.StreamLogs(request, auth(), deadline());
    let lines = 0;
    call.on('data', () => { lines++; });
    call.on('error', e => resolve(error(e)));
    call.on('end', () => resolve({ code: 'OK', lines }));
  });
}

async function logsScenario() {
  await unary(environments, 'CreateEnvironment', { name: environment });
  await unary(apps, 'Apply', { environment, mason_json: masonJson });
  return {
    placedNowhere: await streamLogs({ environment, app: JSON.parse(masonJson).name }),
    missingApp: await streamLogs({ environment, app: 'no-such-app' }),
  };
}

async function joinScenario() {
  return { joinToken: (await unary(environments, 'CreateEnvironment', { name: environment })).join_token };
}

const LOG_LINES = 3;

// One read of the app's logs (no follow): resolves with its lines, or with the error it ended with.
function readLogs(request) {
  return new Promise(resolve => {
    const call = logs.StreamLogs(request, auth(), deadline());
    const lines = [];
    call.on('data', line => lines.push({ text: line.text, stream: line.stream, replica: line.replica_id }));
    call.on('error', e => resolve({ error: e }));
    call.on('end', () => resolve({ lines }));
  });
}

// Applies, then reads the app's logs until they hold LOG_LINES lines; retries while no replica runs yet.
async function logLinesScenario() {
  await unary(apps, 'Apply', { environment, mason_json: masonJson });
  const request = { environment, app: JSON.parse(masonJson).name };
  const retryable = [grpc.status.FAILED_PRECONDITION, grpc.status.UNAVAILABLE];
  const giveUp = Date.now() + 45000;
  let attempts = 0;
  let last = null;
  while (Date.now() < giveUp) {
    attempts++;
    const outcome = await readLogs(request);
    if (outcome.lines && outcome.lines.length >= LOG_LINES) {
      return { lines: outcome.lines, attempts };
    }
    if (outcome.error && !retryable.includes(outcome.error.code)) {
      throw outcome.error;
    }
    last = outcome.error ? error(outcome.error) : { code: 'OK', lines: outcome.lines.length };
    await new Promise(r => setTimeout(r, 250));
  }
  return { lines: [], attempts, lastError: last };
}

async function refusal(metadata) {
  try {
    await unary(apps, 'ListApps', {}, metadata);
    return { code: 'OK' };
  } catch (e) {
    return error(e);
  }
}

async function wrongTokenScenario() {
  return {
    wrongToken: await refusal(auth('cma_not-a-token')),
    noToken: await refusal(auth('')),
    // The same call with the admin token, so a refusal above is about the token, not the call.
    rightToken: { code: 'OK', storeRevision: (await unary(apps, 'ListApps', {})).store_revision },
  };
}

const scenarios = {
  unary: unaryScenario,
  watch: watchScenario,
  logs: logsScenario,
  wrong_token: wrongTokenScenario,
  join: joinScenario,
  log_lines: logLinesScenario,
};
scenarios[scenario]()
  .catch(e => {
    if (e.code === undefined) {
      throw e;
    }
    return { error: error(e) };
  })
  .then(result => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  })
  .catch(e => {
    process.stderr.write(String(e && e.stack || e) + '\n');
    process.exit(1);
  });
