"""python3-grpcio as a client that has no .proto file and no descriptor of the controller's API: it learns both from
the standard server reflection protocol (grpc.reflection.v1, or v1alpha when v1 is not served), then creates an
environment, applies a mason.json and lists the apps through what it learned.
Usage: reflection_client.py TARGET TOKEN ENVIRONMENT MASON_JSON. Prints one JSON object."""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

target, token, environment, mason_json = sys.argv[1:5]
TIMEOUT = 20
channel = grpc.insecure_channel(target)


# --- the reflection messages, encoded by hand: the protocol is the only thing this client knows ---
def varint(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def field(number, data):
    return varint((number << 3) | 2) + varint(len(data)) + data


def read_varint(data, i):
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def parse(data):
    """{field number: [values]} of a message's varint and length-delimited fields."""
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


# ServerReflectionRequest: file_by_filename = 3, file_containing_symbol = 4, list_services = 7.
# ServerReflectionResponse: file_descriptor_response = 4 (file_descriptor_proto = 1), list_services_response = 6
# (service = 1, name = 1), error_response = 7 (error_code = 1, error_message = 2).
def ask(version, request):
    call = channel.stream_stream("/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version)  # bytes both ways
    responses = list(call(iter([request]), timeout=TIMEOUT))
    response = parse(responses[0])
    if 7 in response:
        error = parse(response[7][0])
        raise LookupError("reflection error %s: %s" % (error.get(1, [0])[0], error.get(2, [b""])[0].decode()))
    return response


def reflection_version():
    for version in ("v1", "v1alpha"):
        try:
            return version, ask(version, field(7, b""))
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise
    raise LookupError("the server serves neither grpc.reflection.v1 nor v1alpha")


version, listing = reflection_version()
services = [parse(s)[1][0].decode() for s in parse(listing[6][0]).get(1, [])]

files = {}


def receive(response):
    for raw in parse(response[4][0]).get(1, []):
        proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
        files.setdefault(proto.name, proto)


for service in ("codemason.v1.EnvironmentService", "codemason.v1.AppService"):
    receive(ask(version, field(4, service.encode())))
# A server may send a file without its dependencies: ask for each one still missing by name.
while True:
    missing = sorted({d for f in files.values() for d in f.dependency} - files.keys())
    if not missing:
        break
    for name in missing:
        receive(ask(version, field(3, name.encode())))

pool = descriptor_pool.DescriptorPool()
added = set()


def add(name):  # dependencies first: the pool builds each file as it is added
    if name not in added:
        for dep in files[name].dependency:
            add(dep)
        pool.Add(files[name])
        added.add(name)


for name in files:
    add(name)


def message_class(desc):
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


def call(service, method, request):
    """Calls a unary method known only from reflection, with a request given as proto3 JSON."""
    desc = pool.FindServiceByName(service).FindMethodByName(method)
    request_class, response_class = message_class(desc.input_type), message_class(desc.output_type)
    stub = channel.unary_unary("/%s/%s" % (service, method), request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)
    response = stub(json_format.ParseDict(request, request_class()), metadata=[("authorization", "Bearer " + token)], timeout=TIMEOUT)
    return json_format.MessageToDict(response)


call("codemason.v1.EnvironmentService", "CreateEnvironment", {"name": environment})
call("codemason.v1.AppService", "Apply", {"environment": environment, "masonJson": mason_json})
listed = call("codemason.v1.AppService", "ListApps", {"environment": environment})
app_service = pool.FindServiceByName("codemason.v1.AppService")
print(json.dumps({
    "reflectionVersion": version,
    "services": services,
    "files": sorted(files),
    "appServiceMethods": [m.name for m in app_service.methods],
    "apps": [a["name"] for a in listed.get("apps", [])],
    "storeRevision": int(listed.get("storeRevision", "0")),
}))
