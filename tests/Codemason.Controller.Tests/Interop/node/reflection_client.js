// @grpc/grpc-js as a client that has no .proto file of the controller's API: it fetches the file descriptors through
// the standard server reflection protocol (grpc.reflection.v1, or v1alpha when v1 is not served), loads them with
// @grpc/proto-loader, then creates an environment, applies a mason.json and lists the apps through what it learned.
// Usage: node reflection_client.js TARGET TOKEN ENVIRONMENT MASON_JSON. Prints one JSON object.
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [target, token, environment, masonJson] = process.argv.slice(2);
const DEADLINE_MS = 20000;
const credentials = grpc.credentials.createInsecure();
const raw = new grpc.Client(target, credentials);
const deadline = () => ({ deadline: Date.now() + DEADLINE_MS });

// --- the reflection messages, encoded by hand: the protocol is the only thing this client knows ---
function varint(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

const field = (number, data) => Buffer.concat([varint((number << 3) | 2), varint(data.length), data]);

// {field number: [values]} of a message's varint and length-delimited fields.
function parse(data) {
  const fields = {};
  let i = 0;
  const readVarint = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = data[i++];
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return result;
    }
  };
  while (i < data.length) {
    const key = readVarint();
    const number = key >>> 3;
    const wire = key & 7;
    let value;
    if (wire === 0) {
      value = readVarint();
    } else if (wire === 2) {
      const length = readVarint();
      value = data.subarray(i, i + length);
      i += length;
    } else {
      throw new Error('unexpected wire type ' + wire);
    }
    (fields[number] = fields[number] || []).push(value);
  }
  return fields;
}

// ServerReflectionRequest: file_by_filename = 3, file_containing_symbol = 4, list_services = 7.
// ServerReflectionResponse: file_descriptor_response = 4 (file_descriptor_proto = 1), list_services_response = 6
// (service = 1, name = 1), error_response = 7 (error_code = 1, error_message = 2).
function ask(version, request) {
  return new Promise((resolve, reject) => {
    const path = `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`;
    const call = raw.makeBidiStreamRequest(path, b => b, b => b, new grpc.Metadata(), deadline());
    let response = null;
    call.on('data', d => { response = response || parse(d); });
    call.on('error', reject);
    call.on('end', () => {
      if (response === null) return reject(new Error('no reflection response'));
      if (response[7]) {
        const e = parse(response[7][0]);
        return reject(new Error(`reflection error ${e[1]}: ${e[2]}`));
      }
      resolve(response);
    });
    call.write(request);
    call.end();
  });
}

async function reflectionVersion() {
  for (const version of ['v1', 'v1alpha']) {
    try {
      return [version, await ask(version, field(7, Buffer.alloc(0)))];
    } catch (e) {
      if (e.code !== grpc.status.UNIMPLEMENTED) throw e;
    }
  }
  throw new Error('the server serves neither grpc.reflection.v1 nor v1alpha');
}

function unary(client, method, request) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', 'Bearer ' + token);
  return new Promise((resolve, reject) =>
    client[method](request, metadata, deadline(), (e, response) => (e ? reject(e) : resolve(response))));
}

async function main() {
  const [version, listing] = await reflectionVersion();
  const services = (parse(listing[6][0])[1] || []).map(s => parse(s)[1][0].toString());

  // FileDescriptorProto: name = 1, dependency = 3.
  const files = new Map();
  const receive = response => {
    for (const bytes of parse(response[4][0])[1] || []) {
      const proto = parse(bytes);
      const name = proto[1][0].toString();
      if (!files.has(name)) {
        files.set(name, { bytes, dependencies: (proto[3] || []).map(d => d.toString()) });
      }
    }
  };
  for (const service of ['codemason.v1.EnvironmentService', 'codemason.v1.AppService']) {
    receive(await ask(version, field(4, Buffer.from(service))));
  }
  // A server may send a file without its dependencies: ask for each one still missing by name.
  for (;;) {
    const missing = [...new Set([...files.values()].flatMap(f => f.dependencies))].filter(d => !files.has(d));
    if (missing.length === 0) break;
    for (const name of missing) {
      receive(await ask(version, field(3, Buffer.from(name))));
    }
  }

  // FileDescriptorSet: file = 1.
  const set = Buffer.concat([...files.values()].map(f => field(1, f.bytes)));
  const definition = protoLoader.loadFileDescriptorSetFromBuffer(set, { keepCase: true, longs: Number, enums: String, defaults: true });
  const v1 = grpc.loadPackageDefinition(definition).codemason.v1;
  const environments = new v1.EnvironmentService(target, credentials);
  const apps = new v1.AppService(target, credentials);

  await unary(environments, 'CreateEnvironment', { name: environment });
  await unary(apps, 'Apply', { environment, mason_json: masonJson });
  const listed = await unary(apps, 'ListApps', { environment });
  return {
    reflectionVersion: version,
    services,
    files: [...files.keys()].sort(),
    appServiceMethods: Object.keys(v1.AppService.service).map(k => v1.AppService.service[k].path.split('/').pop()),
    apps: listed.apps.map(a => a.name),
    storeRevision: listed.store_revision,
  };
}

main()
  .then(result => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  })
  .catch(e => {
    process.stderr.write(String(e && e.stack || e) + (e && e.details ? ` (${e.details})` : '') + '\n');
    process.exit(1);
  });
