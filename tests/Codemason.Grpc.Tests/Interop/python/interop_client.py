"""python3-grpcio as a client of a Codemason server. Usage: interop_client.py PORT SCENARIO DESCRIPTOR.
Prints one JSON object."""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2

from echo_messages import load

port, scenario, descriptor = sys.argv[1], sys.argv[2], sys.argv[3]
EchoRequest, EchoReply = load(descriptor)
channel = grpc.insecure_channel("127.0.0.1:" + port)
SVC = "/codemason.test.Echo/"


def method(kind, name):
    factory = getattr(channel, kind)
    return factory(SVC + name, request_serializer=EchoRequest.SerializeToString,
                   response_deserializer=EchoReply.FromString)


def error(e):
    return {"code": e.code().name, "details": e.details()}


# --- tiny protobuf wire helpers, independent of the .proto files under test ---
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(number, data):
    return varint((number << 3) | 2) + varint(len(data)) + data


def parse(data):
    """Returns {field_number: [values]} for varint and length-delimited fields."""
    fields, i = {}, 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(data, i)
        elif wire == 2:
            length, i = read_varint(data, i)
            value, i = data[i:i + length], i + length
        else:
            raise ValueError("unexpected wire type %d" % wire)
        fields.setdefault(number, []).append(value)
    return fields


def read_varint(data, i):
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def reflection(version):
    path = "/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version
    call = channel.stream_stream(path)  # bytes in, bytes out
    requests = [field_bytes(7, b""), field_bytes(4, b"codemason.test.Echo"), field_bytes(3, b"echo.proto")]
    responses = list(call(iter(requests), timeout=10))
    list_response = parse(parse(responses[0])[6][0])
    listed = [parse(s)[1][0].decode() for s in list_response.get(1, [])]
    files = []
    for raw in parse(parse(responses[1])[4][0]).get(1, []):
        fd = descriptor_pb2.FileDescriptorProto.FromString(raw)
        files.append({"name": fd.name, "services": [s.name + ":" + ",".join(m.name for m in s.method) for s in fd.service]})
    by_name = [descriptor_pb2.FileDescriptorProto.FromString(raw).name for raw in parse(parse(responses[2])[4][0]).get(1, [])]
    return {"services": listed, "files": files, "by_name": by_name}


result = {}
try:
    if scenario == "unary":
        reply, call = method("unary_unary", "Unary").with_call(
            EchoRequest(message="hello"), metadata=[("x-text", "abc"), ("x-data-bin", b"\x00\x01\xff")], timeout=10)
        result = {"message": reply.message,
                  "headers": {k: (v.hex() if isinstance(v, bytes) else v) for k, v in call.initial_metadata()},
                  "trailers": {k: (v.hex() if isinstance(v, bytes) else v) for k, v in call.trailing_metadata()}}
    elif scenario == "server_stream":
        replies = method("unary_stream", "ServerStream")(EchoRequest(message="s", count=5), timeout=10)
        result = {"indices": [r.index for r in replies]}
    elif scenario == "client_stream":
        reply = method("stream_unary", "ClientStream")(iter([EchoRequest(message=m) for m in "abc"]), timeout=10)
        result = {"message": reply.message, "index": reply.index}
    elif scenario == "duplex":
        replies = method("stream_stream", "Duplex")(iter([EchoRequest(message=str(i)) for i in range(4)]), timeout=10)
        result = {"messages": [r.message for r in replies]}
    elif scenario == "deadline":
        method("unary_unary", "Unary")(EchoRequest(message="sleep"), timeout=0.3)
    elif scenario == "error":
        method("unary_unary", "Unary")(EchoRequest(message="error:5:nicht gefunden \u00fc 100%"), timeout=10)
    elif scenario == "throw":
        method("unary_unary", "Unary")(EchoRequest(message="throw"), timeout=10)
    elif scenario == "unimplemented":
        method("unary_unary", "Nope")(EchoRequest(message="x"), timeout=10)
    elif scenario == "health":
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        status = parse(check(field_bytes(1, b""), timeout=10)).get(1, [0])[0]
        try:
            check(field_bytes(1, b"no.such.Service"), timeout=10)
            missing = "OK"
        except grpc.RpcError as e:
            missing = e.code().name
        result = {"status": status, "missing": missing}
    elif scenario in ("reflection_v1alpha", "reflection_v1"):
        result = reflection(scenario.split("_")[1])
    else:
        result = {"bad_scenario": scenario}
except grpc.RpcError as e:
    result = {"error": error(e)}
print(json.dumps(result))
