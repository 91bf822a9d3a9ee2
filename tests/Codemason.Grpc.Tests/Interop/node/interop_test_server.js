// @grpc/grpc-js as a server of codemason.interop.InteropTest (types loaded from the .proto by @grpc/proto-loader),
// for our client. Usage: node interop_test_server.js PROTO_FILE. Prints "PORT n" once serving; runs until killed.
'use strict';
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const definition = protoLoader.loadSync(process.argv[2], { keepCase: true, longs: Number, defaults: true });
const service = grpc.loadPackageDefinition(definition).codemason.interop.InteropTest.service;

function unary(call, callback) {
  const request = call.request;
  setTimeout(() => {
    if (call.cancelled) {
      return;
    }
    if (request.fail_code) {
      const trailers = new grpc.Metadata();
      trailers.set('interop-reason', 'requested');
      trailers.set('interop-data-bin', Buffer.from([0x00, 0x01, 0xfe, 0xff]));
      callback({ code: request.fail_code, details: request.text, metadata: trailers });
      return;
    }
    const echoed = String(call.metadata.get('x-interop')[0] || '');
    const headers = new grpc.Metadata();
    headers.set('interop-header', echoed);
    call.sendMetadata(headers);
    const trailers = new grpc.Metadata();
    trailers.set('interop-trailer', echoed);
    const deadline = call.getDeadline();
    const left = deadline === Infinity ? -1 : Math.floor(new Date(deadline).getTime() - Date.now());
    callback(null, { text: request.text, deadline_left_ms: left }, trailers);
  }, request.delay_ms);
}

function serverStream(call) {
  for (let i = 0; i < call.request.count; i++) {
    call.write({ text: call.request.text, index: i });
  }
  call.end();
}

function clientStream(call, callback) {
  const texts = [];
  call.on('data', ping => texts.push(ping.text));
  call.on('end', () => callback(null, { text: texts.join(''), index: texts.length }));
}

function bidi(call) {
  let index = 0;
  call.on('data', ping => call.write({ text: ping.text, index: index++ }));
  call.on('end', () => call.end());
}

const server = new grpc.Server();
server.addService(service, { Unary: unary, ServerStream: serverStream, ClientStream: clientStream, Bidi: bidi });
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(String(error) + '\n');
    process.exit(1);
  }
  process.stdout.write(`PORT ${port}\n`);
});
